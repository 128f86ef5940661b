package dev.orchestrator.api.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The scheduler SPI holds contracts, not logic a fix would change: no static helpers that derive or compute
 * (those live in the bundles' privately embedded support code), no implementation classes. A value type may
 * name its own constants ({@link Status}'s codes).
 */
class ShapesOnlyTest {

    /** Factories that only wrap their argument into the value, nothing to fix there. */
    private static final Set<Class<?>> VALUE_FACTORIES = Set.of(Status.class);

    @Test
    void theSchedulerPackageDeclaresNoStaticLogicAndNoImplementations() throws Exception {
        List<String> found = new ArrayList<>();
        for (Class<?> type : packageClasses()) {
            if (!Modifier.isPublic(type.getModifiers()) && !type.isMemberClass()) {
                found.add(type.getName() + " is an implementation class");
            }
            if (VALUE_FACTORIES.contains(type)) {
                continue;
            }
            for (Method method : type.getDeclaredMethods()) {
                if (Modifier.isStatic(method.getModifiers()) && Modifier.isPublic(method.getModifiers())
                        && !method.isSynthetic() && !(type.isEnum() && Set.of("values", "valueOf")
                                .contains(method.getName()))) {
                    found.add(type.getSimpleName() + "." + method.getName());
                }
            }
        }
        assertEquals(List.of(), found);
    }

    private static List<Class<?>> packageClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path dir = Path.of(Plugin.class.getResource("Plugin.class").toURI()).getParent();
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                String simple = file.getFileName().toString().replace(".class", "");
                if (!simple.equals("package-info")) {
                    classes.add(Class.forName(Plugin.class.getPackageName() + "." + simple));
                }
            }
        }
        return classes;
    }
}
