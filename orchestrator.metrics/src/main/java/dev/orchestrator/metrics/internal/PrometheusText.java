package dev.orchestrator.metrics.internal;

import dev.orchestrator.api.metrics.Metric;
import dev.orchestrator.api.metrics.MetricSource;
import dev.orchestrator.api.metrics.Sample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The Prometheus text exposition format 0.0.4: per family a HELP and a TYPE line, then one line per
 * sample. Families of the same name from several sources are written as one (the first source's
 * help and type); a source that throws is left out and reported, the others are still written.
 */
final class PrometheusText {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {
    }

    static String write(List<MetricSource> sources, BiConsumer<MetricSource, RuntimeException> failed) {
        Map<String, Metric> first = new LinkedHashMap<>();
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        for (MetricSource source : sources) {
            List<Metric> metrics;
            try {
                metrics = source.metrics();
            } catch (RuntimeException e) {
                failed.accept(source, e);
                continue;
            }
            for (Metric m : metrics) {
                first.putIfAbsent(m.name(), m);
                samples.computeIfAbsent(m.name(), n -> new ArrayList<>()).addAll(m.samples());
            }
        }
        StringBuilder out = new StringBuilder();
        for (Metric m : first.values()) {
            out.append("# HELP ").append(m.name()).append(' ').append(escapeHelp(m.help())).append('\n');
            out.append("# TYPE ").append(m.name()).append(' ').append(m.type().name().toLowerCase(Locale.ROOT)).append('\n');
            for (Sample s : samples.get(m.name())) {
                out.append(m.name()).append(s.suffix()).append(labels(s.labels())).append(' ').append(number(s.value())).append('\n');
            }
        }
        return out.toString();
    }

    private static String labels(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("{");
        labels.forEach((name, value) -> {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(name).append("=\"").append(escapeLabel(value)).append('"');
        });
        return out.append('}').toString();
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    private static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static String escapeLabel(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
