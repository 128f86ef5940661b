package dev.orchestrator.e2e;

/** The kubectl suite on a real etcd. */
class KubectlOnEtcdE2E extends KubectlSuite {
    @Override
    boolean withEtcd() {
        return true;
    }
}
