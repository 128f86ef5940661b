package dev.orchestrator.examples.website;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** The custom resource: {@code websites.example.orchestrator.dev/v1}, as the bundle's CRD declares it. */
@Group("example.orchestrator.dev")
@Version("v1")
@Plural("websites")
public class Website extends CustomResource<WebsiteSpec, WebsiteStatus> implements Namespaced {
}
