package nl.schakelpunt.conformance;

import java.util.List;

import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import nl.schakelpunt.fhirserver.RequestInterceptor;

/** Names the implementation guide's profiles in the CapabilityStatement ({@code supportedProfile}). */
@Component
@Interceptor
public class SupportedProfiles implements RequestInterceptor {

    private final ImplementationGuide guide;

    public SupportedProfiles(ImplementationGuide guide) {
        this.guide = guide;
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void addProfiles(IBaseConformance statement) {
        CapabilityStatement capabilities = (CapabilityStatement) statement;
        // HAPI may hand the hook the same cached statement again: add only what is missing.
        String implementationGuide = "https://schakelpunt.nl/fhir/ImplementationGuide/" + guide.name();
        if (!capabilities.hasImplementationGuide(implementationGuide)) {
            capabilities.addImplementationGuide(implementationGuide);
        }
        for (CapabilityStatement.CapabilityStatementRestComponent rest : capabilities.getRest()) {
            for (CapabilityStatement.CapabilityStatementRestResourceComponent resource : rest.getResource()) {
                List<String> profiles = guide.profilesByType().getOrDefault(resource.getType(), List.of());
                profiles.stream().filter(url -> !resource.hasSupportedProfile(url)).forEach(resource::addSupportedProfile);
            }
        }
    }
}
