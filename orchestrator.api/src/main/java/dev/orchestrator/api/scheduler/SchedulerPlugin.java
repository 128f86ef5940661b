package dev.orchestrator.api.scheduler;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Service properties of a {@link Plugin} (a DS component property type): put it on the plugin's
 * component class.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface SchedulerPlugin {

    /** Prefix of the service property names: {@code orchestrator.scheduler.plugin.name} etc. */
    String PREFIX_ = "orchestrator.scheduler.plugin.";

    /** Service property that names the plugin. */
    String NAME = PREFIX_ + "name";
    /** Service property with the default score weight. */
    String WEIGHT = PREFIX_ + "weight";
    /** Service property naming the strategy the plugin belongs to, if any. */
    String STRATEGY = PREFIX_ + "strategy";
    /** Service property ranking the plugin's strategy among strategies. */
    String STRATEGY_RANK = PREFIX_ + "strategyRank";

    /** The name profiles use to enable, disable or weigh the plugin ("NodeResourcesFit"). */
    String name();

    /** Weight of its score in the sum over score plugins, unless the profile overrides it. */
    int weight() default 1;

    /**
     * The strategy this plugin belongs to ("binpack"), or empty for plugins used by every
     * strategy. Strategies are exclusive: a profile uses the plugins of one strategy at a time (the
     * one it names, else the highest-ranked present), and holds its queue while none is present.
     */
    String strategy() default "";

    /**
     * How the plugin's strategy ranks among strategies: with several present, a profile that names none uses
     * the one with the highest rank (a strategy ranks as its highest-ranked plugin). Apart from the order of
     * plugins within an extension point, which is {@code service.ranking} (DS {@code @ServiceRanking}).
     */
    int strategyRank() default 0;
}
