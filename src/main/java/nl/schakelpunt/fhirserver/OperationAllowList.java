package nl.schakelpunt.fhirserver;

import java.util.Set;

import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;

/**
 * HAPI's resource providers carry maintenance operations ({@code $expunge}, {@code $meta-add},
 * {@code $hapi.fhir.merge}, ...) on every type. Only the operations named in configuration are
 * served; the rest are refused and left out of the CapabilityStatement, which then states exactly
 * what the server does.
 */
@Component
@Interceptor
public class OperationAllowList implements RequestInterceptor {

    private final Set<String> allowed;

    public OperationAllowList(FhirServerProperties properties) {
        this.allowed = Set.copyOf(properties.operations());
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void refuseOtherOperations(RequestDetails request) {
        String operation = request.getOperation();
        if (operation != null && operation.startsWith("$") && !allowed.contains(operation.substring(1))) {
            throw new InvalidRequestException("Operation " + operation + " is not supported by this server",
                    OperationOutcomes.error("not-supported", null,
                            "Operation " + operation + " is not supported by this server"));
        }
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void trimCapabilityStatement(IBaseConformance statement) {
        CapabilityStatement capabilities = (CapabilityStatement) statement;
        for (CapabilityStatementRestComponent rest : capabilities.getRest()) {
            rest.getOperation().removeIf(op -> !allowed.contains(op.getName()));
            for (CapabilityStatementRestResourceComponent resource : rest.getResource()) {
                resource.getOperation().removeIf(op -> !allowed.contains(op.getName()));
            }
        }
    }
}
