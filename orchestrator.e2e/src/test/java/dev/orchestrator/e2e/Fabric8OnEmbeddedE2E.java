package dev.orchestrator.e2e;

/** The fabric8 suite on the embedded store. */
class Fabric8OnEmbeddedE2E extends Fabric8Suite {
    @Override
    boolean withEtcd() {
        return false;
    }
}
