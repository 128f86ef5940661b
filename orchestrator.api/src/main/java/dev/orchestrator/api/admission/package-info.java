/**
 * Contracts for admission: plugins that see every write to the API before it is stored, as Kubernetes'
 * admission chain. Register a {@link dev.orchestrator.api.admission.MutatingAdmission} or a
 * {@link dev.orchestrator.api.admission.ValidatingAdmission} as an OSGi service (whiteboard); the API server
 * calls every mutating plugin, then validates the object, then calls every validating plugin, each phase in
 * the order of {@code service.ranking} (highest first), and refuses the write when a plugin throws
 * {@link dev.orchestrator.api.admission.AdmissionDeniedException}. A plugin bundle may come and go while the
 * server runs: the chain always holds the plugins registered now.
 *
 * <p>What plugins implement is {@code @ConsumerType}; what the API server hands them
 * ({@link dev.orchestrator.api.admission.AdmissionContext}, {@link dev.orchestrator.api.admission.ObjectLookup})
 * is {@code @ProviderType}; the values are immutable records and enums.
 */
@Export
@Version("1.0.0")
package dev.orchestrator.api.admission;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
