package nl.schakelpunt.fhirserver;

import java.util.Set;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;

/**
 * Stores only the resource types the product exposes, whatever path a write takes: a transaction or
 * batch entry of another type would otherwise reach one of the DAOs HAPI keeps for every type.
 */
@Component
@Interceptor
public class ExposedTypesRule implements StorageInterceptor {

    private final FhirContext fhirContext;
    private final Set<String> exposed;

    public ExposedTypesRule(FhirContext fhirContext, FhirServerProperties properties) {
        this.fhirContext = fhirContext;
        this.exposed = Set.copyOf(properties.resourceTypes());
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = -100)
    public void beforeCreate(IBaseResource resource) {
        check(resource);
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = -100)
    public void beforeUpdate(IBaseResource previous, IBaseResource resource) {
        check(resource);
    }

    private void check(IBaseResource resource) {
        String type = fhirContext.getResourceType(resource);
        if (!exposed.contains(type)) {
            throw new UnprocessableEntityException(fhirContext, OperationOutcomes.error(
                    "not-supported", type, "Resource type " + type + " is not supported by this server"));
        }
    }
}
