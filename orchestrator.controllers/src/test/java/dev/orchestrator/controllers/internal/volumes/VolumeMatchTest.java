package dev.orchestrator.controllers.internal.volumes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VolumeMatchTest {

    private static PersistentVolume pv(String name, String size, String sc, String mode) {
        return new PersistentVolumeBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withCapacity(Map.of("storage", new Quantity(size))).withAccessModes(mode).withStorageClassName(sc)
                .withNewHostPath().withPath("/srv/" + name).endHostPath().endSpec().build();
    }

    private static PersistentVolumeClaim claim(String size, String sc) {
        return new PersistentVolumeClaimBuilder().withNewMetadata().withName("data").withNamespace("shop").withUid("u1")
                .endMetadata().withNewSpec().withAccessModes("ReadWriteOnce").withStorageClassName(sc)
                .withNewResources().withRequests(Map.of("storage", new Quantity(size))).endResources().endSpec().build();
    }

    @Test
    void theSmallestAvailableVolumeOfTheClassThatIsLargeEnoughWins() {
        List<PersistentVolume> volumes = List.of(pv("big", "10Gi", "", "ReadWriteOnce"),
                pv("small", "512Mi", "", "ReadWriteOnce"), pv("fits", "2Gi", "", "ReadWriteOnce"),
                pv("other-class", "2Gi", "fast", "ReadWriteOnce"), pv("read-only", "2Gi", "", "ReadOnlyMany"));
        assertEquals("fits", VolumeMatch.best(claim("1Gi", ""), volumes).orElseThrow().getMetadata().getName());
        assertEquals("other-class", VolumeMatch.best(claim("1Gi", "fast"), volumes).orElseThrow().getMetadata().getName());
        assertTrue(VolumeMatch.best(claim("20Gi", ""), volumes).isEmpty());
    }

    @Test
    void aLocalPathVolumeLivesOnTheChosenNodeAndIsBoundToItsClaimFromTheStart() {
        var sc = new StorageClassBuilder().withNewMetadata().withName("local-path").endMetadata()
                .withProvisioner(LocalPathVolumes.PROVISIONER).withReclaimPolicy("Delete")
                .withParameters(Map.of("nodePath", "/var/data")).build();
        PersistentVolume pv = LocalPathVolumes.forClaim(claim("1Gi", "local-path"), sc, "node-a");
        assertEquals("pvc-u1", pv.getMetadata().getName());
        assertEquals("/var/data/pvc-u1_shop_data", pv.getSpec().getHostPath().getPath());
        assertEquals("u1", pv.getSpec().getClaimRef().getUid());
        assertEquals(List.of("node-a"), pv.getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms().get(0)
                .getMatchExpressions().get(0).getValues());
        assertEquals("Delete", pv.getSpec().getPersistentVolumeReclaimPolicy());
    }
}
