package dev.orchestrator.apiserver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class SharedFieldNamesTest {

    @Test
    void anEqualNameIsTheFirstInstance() {
        SharedFieldNames names = new SharedFieldNames(10);
        String first = new String("metadata");
        assertSame(first, names.shared(first));
        assertSame(first, names.shared(new String("metadata")));
        assertNull(names.shared(null));
    }

    @Test
    void whenFullItStartsOverAndStillAnswersEveryName() {
        SharedFieldNames names = new SharedFieldNames(3);
        String kept = names.shared(new String("spec"));
        names.shared("a");
        names.shared("b");
        String after = names.shared(new String("c")); // full: starts over
        assertEquals("c", after);
        String spec = new String("spec");
        assertSame(spec, names.shared(spec), "forgotten when it started over");
        assertNotSame(kept, spec);
    }
}
