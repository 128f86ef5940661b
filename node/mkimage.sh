#!/bin/bash
# Copied from /work/shared/recipes/mkimage.sh (the project's own recipe); used by node-env.sh images.
# usage: mkimage.sh <rootfs-dir> <name:tag> <out.tar> <entrypoint-json-array> [cmd-json-array]
# Produces a tarball that is BOTH an OCI image layout (index.json, oci-layout, blobs/sha256/*)
# and a docker-archive (manifest.json) -> works with `ctr images import` and `docker load`.
set -euo pipefail
ROOTFS=$1 NAME=$2 OUT=$3 EP=$4 CMD=${5:-null}
W=$(mktemp -d); mkdir -p $W/blobs/sha256
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$ROOTFS" -cf $W/layer.tar .
LD=$(sha256sum $W/layer.tar | cut -d' ' -f1); LS=$(stat -c %s $W/layer.tar)
mv $W/layer.tar $W/blobs/sha256/$LD
printf '{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Entrypoint":%s,"Cmd":%s,"WorkingDir":"/"},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"history":[{"created_by":"mkimage.sh"}]}' "$EP" "$CMD" "$LD" > $W/config.json
CD=$(sha256sum $W/config.json | cut -d' ' -f1); CS=$(stat -c %s $W/config.json); mv $W/config.json $W/blobs/sha256/$CD
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' $CD $CS $LD $LS > $W/manifest.oci
MD=$(sha256sum $W/manifest.oci | cut -d' ' -f1); MS=$(stat -c %s $W/manifest.oci); mv $W/manifest.oci $W/blobs/sha256/$MD
TAG=${NAME##*:}
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"platform":{"architecture":"amd64","os":"linux"},"annotations":{"io.containerd.image.name":"%s","org.opencontainers.image.ref.name":"%s"}}]}' $MD $MS "$NAME" "$TAG" > $W/index.json
echo '{"imageLayoutVersion":"1.0.0"}' > $W/oci-layout
printf '[{"Config":"blobs/sha256/%s","RepoTags":["%s"],"Layers":["blobs/sha256/%s"]}]' $CD "$NAME" $LD > $W/manifest.json
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C $W -cf "$OUT" oci-layout index.json manifest.json blobs
rm -rf $W
echo "$OUT manifest=sha256:$MD config=sha256:$CD layer=sha256:$LD"
