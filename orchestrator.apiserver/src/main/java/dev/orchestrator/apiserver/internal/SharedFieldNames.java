package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One String per distinct field name in the decoded trees the server keeps (the watch cache's decoded events, up to
 * 8,192 trees; the admission cache): a parser without Jackson's shared name table would give every tree its own
 * copies. Unlike Jackson's table nothing is copied on a new name; when full, it starts over, so names met only once
 * cannot crowd out the common ones for long.
 */
final class SharedFieldNames {

    private final int capacity;
    private final ConcurrentHashMap<String, String> names = new ConcurrentHashMap<>();

    SharedFieldNames(int capacity) {
        this.capacity = capacity;
    }

    /** {@code parser}, giving the shared instance of each field name it reads. */
    JsonParser sharing(JsonParser parser) {
        return new JsonParserDelegate(parser) {
            @Override
            public String currentName() throws IOException {
                return shared(super.currentName());
            }

            @Override
            public String getCurrentName() throws IOException {
                return shared(super.getCurrentName());
            }
        };
    }

    String shared(String name) {
        if (name == null) {
            return null;
        }
        String known = names.get(name);
        if (known != null) {
            return known;
        }
        if (names.size() >= capacity) {
            names.clear();
        }
        known = names.putIfAbsent(name, name);
        return known != null ? known : name;
    }
}
