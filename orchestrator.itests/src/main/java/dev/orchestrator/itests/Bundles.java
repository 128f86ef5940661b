package dev.orchestrator.itests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;

/** What the hot-swap tests do to bundles: find, refresh, and look for leftover threads. */
final class Bundles {

    private Bundles() {
    }

    static Bundle find(BundleContext context, String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("bundle " + bsn + " is not installed");
    }

    /** Refreshes {@code bundle} so its old revision is let go, and waits until that is done. */
    static void refresh(BundleContext context, Bundle bundle) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), e -> {
            if (e.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        assertTrue(done.await(30, TimeUnit.SECONDS), "refresh did not finish");
    }

    /** The live threads whose names start with {@code prefix}. */
    static Set<Thread> threads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix))
                .collect(Collectors.toSet());
    }

    /** Asserts the threads ended and the class loader was collected. */
    static void assertReleased(Set<Thread> oldThreads, java.lang.ref.WeakReference<ClassLoader> oldLoader, String what)
            throws InterruptedException {
        for (Thread t : oldThreads) {
            t.join(5_000);
            assertTrue(!t.isAlive(), "thread of the old " + what + " still alive: " + t.getName());
        }
        displaceRecordMethodCache();
        for (int i = 0; i < 100 && oldLoader.get() != null; i++) {
            System.gc();
            Thread.sleep(50);
        }
        ClassLoader leaked = oldLoader.get();
        if (leaked != null) {
            String dump = dumpHeap(leaked, what);
            throw new AssertionError("class loader of the old " + what + " revision was not released; heap dump "
                    + "with the loader in Bundles.suspect: " + dump);
        }
    }

    /** A record of this (never updated) bundle; see {@link #displaceRecordMethodCache()}. */
    private record Displacer(int value) {
    }

    /**
     * JDK 17 keeps, per shared method handle of {@code java.lang.runtime.ObjectMethods}, the last
     * record type whose generated equals/hashCode/toString it adapted ({@code DirectMethodHandle.asTypeCache},
     * a strong reference; later JDKs hold it softly). That pins one record class, and its bundle's class
     * loader, of whichever bundle used a record last — found with a heap dump after a watch
     * subscription (a record) was removed from a list. Using a record of this bundle moves the cache
     * off the revision under test.
     */
    private static void displaceRecordMethodCache() {
        Displacer a = new Displacer(1);
        Displacer b = new Displacer(2);
        if (a.equals(b) || a.hashCode() == Integer.MIN_VALUE || a.toString().isEmpty()) {
            throw new AssertionError("records misbehave");
        }
    }

    /** Set only while a heap dump is written, so the leaked loader is easy to find in it. */
    static volatile Object suspect;

    private static String dumpHeap(ClassLoader leaked, String what) {
        // next to the test data (under target/), so a clean build removes it
        String dataDir = org.osgi.framework.FrameworkUtil.getBundle(Bundles.class).getBundleContext()
                .getProperty("orchestrator.data.dir");
        String file = java.nio.file.Path.of(dataDir == null ? System.getProperty("java.io.tmpdir") : dataDir)
                .resolveSibling("leak-" + what.replace(' ', '-') + "-" + System.currentTimeMillis() + ".hprof")
                .toString();
        suspect = leaked;
        try {
            javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
            server.invoke(new javax.management.ObjectName("com.sun.management:type=HotSpotDiagnostic"), "dumpHeap",
                    new Object[] {file, true}, new String[] {String.class.getName(), boolean.class.getName()});
            return file;
        } catch (Exception e) {
            return "not written (" + e + ")";
        } finally {
            suspect = null;
        }
    }
}
