package dev.orchestrator.apiserver.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API's own documentation for {@code kubectl explain}, read at build time from the model of the official
 * Kubernetes Java client (a test dependency): its classes carry each type's and each field's description in
 * swagger annotations kept at run time. A fabric8 class {@code io.fabric8.kubernetes.api.model.apps.Deployment}
 * matches {@code io.kubernetes.client.openapi.models.V1Deployment}; a JSON field matches the official field of the
 * same serialized name. Nothing matched, nothing described.
 */
final class OfficialModelDescriptions {

    private static final String MODELS = "io.kubernetes.client.openapi.models.";
    private static final Pattern VERSION = Pattern.compile("v\\d+((alpha|beta)\\d+)?");

    private final Map<Class<?>, Map<String, String>> fields = new HashMap<>();

    /** The description of a fabric8 model class's type, or null. */
    String ofType(Class<?> fabric8) {
        Class<?> official = official(fabric8);
        return official == null ? null : annotationValue(official, "io.swagger.annotations.ApiModel", "description");
    }

    /** The description of the field serialized as {@code jsonName} in a fabric8 model class, or null. */
    String ofField(Class<?> fabric8, String jsonName) {
        return fields.computeIfAbsent(fabric8, c -> fieldsOf(official(c))).get(jsonName);
    }

    private static Map<String, String> fieldsOf(Class<?> official) {
        Map<String, String> byJsonName = new HashMap<>();
        if (official == null) {
            return byJsonName;
        }
        for (Field f : official.getDeclaredFields()) {
            String jsonName = annotationValue(f, "com.google.gson.annotations.SerializedName", "value");
            String capitalized = Character.toUpperCase(f.getName().charAt(0)) + f.getName().substring(1);
            for (String getter : new String[] {"get" + capitalized, "is" + capitalized}) {
                try {
                    Method m = official.getMethod(getter);
                    String description = annotationValue(m, "io.swagger.annotations.ApiModelProperty", "value");
                    if (jsonName != null && description != null && !description.isEmpty()) {
                        byJsonName.put(jsonName, description);
                    }
                    break;
                } catch (NoSuchMethodException absent) {
                    // try the next getter form
                }
            }
        }
        return byJsonName;
    }

    /** {@code V1beta1} + the simple name, the version taken from the fabric8 package or v1 for unversioned ones. */
    private static Class<?> official(Class<?> fabric8) {
        String pkg = fabric8.getPackageName();
        String last = pkg.substring(pkg.lastIndexOf('.') + 1);
        Matcher version = VERSION.matcher(last);
        String prefix = version.matches() ? "V" + last.substring(1) : "V1";
        try {
            return Class.forName(MODELS + prefix + fabric8.getSimpleName());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    private static String annotationValue(java.lang.reflect.AnnotatedElement element, String annotation, String attribute) {
        for (Annotation a : element.getAnnotations()) {
            if (a.annotationType().getName().equals(annotation)) {
                try {
                    Object value = a.annotationType().getMethod(attribute).invoke(a);
                    return value instanceof String s && !s.isEmpty() ? s : null;
                } catch (ReflectiveOperationException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
