package dev.orchestrator.e2e;

/** The kubectl suite on the embedded store. */
class KubectlOnEmbeddedE2E extends KubectlSuite {
    @Override
    boolean withEtcd() {
        return false;
    }
}
