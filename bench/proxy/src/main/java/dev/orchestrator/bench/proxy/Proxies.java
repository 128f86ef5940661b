package dev.orchestrator.bench.proxy;

import dev.orchestrator.api.proxy.ProxySyncException;
import dev.orchestrator.api.proxy.ServiceProxy;
import dev.orchestrator.proxy.iptables.internal.IptablesProxy;
import dev.orchestrator.proxy.iptables.internal.IptablesSettings;
import dev.orchestrator.proxy.nftables.internal.NftablesProxy;
import dev.orchestrator.proxy.nftables.internal.NftablesSettings;
import java.util.List;

/** The two proxies built outside OSGi (the benchmark runs on a plain class path), programming a namespace. */
final class Proxies {

    private Proxies() {
    }

    /** A proxy and the clean-up its bundle does when stopped for good. */
    record Benched(ServiceProxy proxy, Removal removal) {
    }

    interface Removal {
        void removeAll() throws ProxySyncException;
    }

    static Benched create(String mode, List<String> commandPrefix) {
        return switch (mode) {
            case "iptables" -> {
                IptablesProxy proxy = new IptablesProxy(IptablesSettings.defaults().withCommandPrefix(commandPrefix));
                yield new Benched(proxy, proxy::removeAll);
            }
            case "nftables" -> {
                NftablesProxy proxy = new NftablesProxy(NftablesSettings.defaults().withCommandPrefix(commandPrefix));
                yield new Benched(proxy, proxy::removeAll);
            }
            default -> throw new IllegalArgumentException("no proxy mode " + mode);
        };
    }
}
