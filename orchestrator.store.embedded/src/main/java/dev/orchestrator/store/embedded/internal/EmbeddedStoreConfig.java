package dev.orchestrator.store.embedded.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator embedded store",
        description = "The default store: a durable multi-version key/value store in one local data directory.")
public @interface EmbeddedStoreConfig {

    String PID = "orchestrator.store.embedded";

    @AttributeDefinition(description = "Directory of the store file. Empty: <orchestrator.data.dir>/store, "
            + "where the framework property orchestrator.data.dir defaults to ~/.orchestrator.")
    String dataDir() default "";

    @AttributeDefinition(description = "Largest value accepted, in bytes.")
    int maxValueBytes() default 3 * 1024 * 1024;

    @AttributeDefinition(description = "Force every commit to disk (fsync) before acknowledging it. "
            + "Off only for throwaway clusters: a power loss could then drop acknowledged writes.")
    boolean fsync() default true;

    @AttributeDefinition(description = "Most writes committed together in one group commit.")
    int maxBatch() default 1024;

    @AttributeDefinition(description = "Most undelivered events a watcher may lag behind before its watch is ended.")
    int watchBacklog() default 10_000;

    @AttributeDefinition(description = "Threads delivering watch events to listeners.")
    int watchThreads() default 2;

    @AttributeDefinition(description = "Every this many seconds, compact history older than the revision seen at "
            + "the previous tick (so at least one interval of history is kept). 0 disables automatic compaction.")
    int compactionIntervalSeconds() default 300;
}
