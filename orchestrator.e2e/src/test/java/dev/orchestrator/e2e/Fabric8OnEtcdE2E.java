package dev.orchestrator.e2e;

/** The fabric8 suite on the etcd store. */
class Fabric8OnEtcdE2E extends Fabric8Suite {
    @Override
    boolean withEtcd() {
        return true;
    }
}
