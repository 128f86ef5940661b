package dev.orchestrator.examples.website;

import java.util.Objects;

/** What the reconciler reports. */
public class WebsiteStatus {

    private Integer availableReplicas;
    private String url;
    private Long observedGeneration;

    public Integer getAvailableReplicas() {
        return availableReplicas;
    }

    public void setAvailableReplicas(Integer availableReplicas) {
        this.availableReplicas = availableReplicas;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WebsiteStatus s && Objects.equals(availableReplicas, s.availableReplicas)
                && Objects.equals(url, s.url) && Objects.equals(observedGeneration, s.observedGeneration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(availableReplicas, url, observedGeneration);
    }
}
