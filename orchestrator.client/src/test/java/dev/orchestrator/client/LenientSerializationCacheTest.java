package dev.orchestrator.client;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.File;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ValueDeserializer;

/**
 * A process that decodes many kinds keeps every deserializer it built: with Jackson's default cache of 2,000
 * entries, decoding the whole model once evicted the Pod's deserializer, and every later Pod was decoded by a
 * deserializer built anew (ten times slower).
 */
class LenientSerializationCacheTest {

    @Test
    void thePodDeserializerSurvivesDecodingEveryModelType() throws Exception {
        LenientSerialization serialization = new LenientSerialization();
        ObjectMapper mapper = mapperOf(serialization);
        ValueDeserializer<Object> before = podDeserializer(mapper);

        int decoded = decodeEveryModelType(serialization);

        assertTrue(decoded > 1_000, "decoded only " + decoded + " model types: is the model on the class path?");
        assertSame(before, podDeserializer(mapper), "the Pod's deserializer was evicted and built again");
    }

    private static ValueDeserializer<Object> podDeserializer(ObjectMapper mapper) {
        return mapper._deserializationContext().findRootValueDeserializer(mapper.constructType(Pod.class));
    }

    /** fabric8 keeps its mapper to itself (package-private); the test reads it to look into the cache. */
    private static ObjectMapper mapperOf(KubernetesSerialization serialization) throws Exception {
        Method getter = KubernetesSerialization.class.getDeclaredMethod("getMapper");
        getter.setAccessible(true);
        return (ObjectMapper) getter.invoke(serialization);
    }

    private static int decodeEveryModelType(KubernetesSerialization serialization) throws Exception {
        int decoded = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!new File(entry).getName().startsWith("kubernetes-model-")) {
                continue;
            }
            try (JarFile jar = new JarFile(entry)) {
                for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                    String name = entries.nextElement().getName();
                    if (!name.startsWith("io/fabric8/kubernetes/api/model") || !name.endsWith(".class")
                            || name.contains("$")) {
                        continue;
                    }
                    Class<?> type = Class.forName(name.substring(0, name.length() - 6).replace('/', '.'));
                    if (KubernetesResource.class.isAssignableFrom(type) && !type.isInterface()
                            && !Modifier.isAbstract(type.getModifiers())) {
                        try {
                            serialization.unmarshal("{}", type);
                            decoded++;
                        } catch (RuntimeException notAnObject) {
                            // a few model types (MicroTime, Quantity…) are JSON scalars; their deserializer is built all the same
                        }
                    }
                }
            }
        }
        return decoded;
    }
}
