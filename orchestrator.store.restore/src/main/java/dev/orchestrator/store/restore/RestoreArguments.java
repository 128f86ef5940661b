package dev.orchestrator.store.restore;

import java.util.Optional;

/** The command line of {@link RestoreTool}, checked before anything is read. */
record RestoreArguments(String command, String file, Optional<String> dataDir, Optional<String> etcdEndpoints,
                        boolean force, long bumpRevision) {

    static final String USAGE = "usage: verify FILE | restore FILE (--data-dir DIR | --etcd-endpoints URL,...) "
            + "[--force] [--bump-revision N]";
    /**
     * How far above the snapshot the restored store's revision starts, by default: the cluster went on writing
     * after the backup (a lease renewal is a write), so clients hold resourceVersions above the snapshot's; they
     * must be in the past of the restored store, as etcdutl's --bump-revision does it. Free for the embedded
     * store; each step is one write for etcd, which gets {@link #ETCD_BUMP} unless told.
     */
    static final long EMBEDDED_BUMP = 1_000_000;
    static final long ETCD_BUMP = 10_000;

    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static RestoreArguments parse(String[] args) {
        if (args.length < 2 || !(args[0].equals("verify") || args[0].equals("restore"))) {
            throw new UsageException("expected a command (verify or restore) and a file");
        }
        String dataDir = null;
        String endpoints = null;
        boolean force = false;
        Long bump = null;
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--data-dir" -> dataDir = value(args, ++i, "--data-dir");
                case "--etcd-endpoints" -> endpoints = value(args, ++i, "--etcd-endpoints");
                case "--force" -> force = true;
                case "--bump-revision" -> bump = number(value(args, ++i, "--bump-revision"));
                default -> throw new UsageException("unknown argument: " + args[i]);
            }
        }
        if (args[0].equals("restore") && (dataDir == null) == (endpoints == null)) {
            throw new UsageException("restore needs exactly one of --data-dir DIR and --etcd-endpoints URL");
        }
        long bumpRevision = bump != null ? bump : endpoints != null ? ETCD_BUMP : EMBEDDED_BUMP;
        return new RestoreArguments(args[0], args[1], Optional.ofNullable(dataDir), Optional.ofNullable(endpoints),
                force, bumpRevision);
    }

    private static long number(String text) {
        try {
            long n = Long.parseLong(text);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // worded below
        }
        throw new UsageException("--bump-revision must be a number >= 0, not '" + text + "'");
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].isBlank()) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }
}
