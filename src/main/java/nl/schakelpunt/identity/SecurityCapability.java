package nl.schakelpunt.identity;

import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import nl.schakelpunt.fhirserver.RequestInterceptor;

/** States in the CapabilityStatement how a client authenticates, and which token claims it must send. */
@Component
@Interceptor
public class SecurityCapability implements RequestInterceptor {

    static final String DESCRIPTION = "Every request but GET /metadata needs an OAuth 2.0 bearer token: a JWT signed by"
            + " a trusted issuer (RS/PS/ES algorithms), with iss, aud, exp (and optionally nbf) and these claims: "
            + RequesterClaims.REQUESTER_TYPE + " (organization, professional, patient or operator); "
            + RequesterClaims.ORGANIZATION_URA + " and " + RequesterClaims.ORGANIZATION_TYPE
            + " for an organisation's system or professional; " + RequesterClaims.UZI_NUMBER + " and "
            + RequesterClaims.UZI_ROLE + " for a professional; " + RequesterClaims.PURPOSE_OF_USE
            + " (TREAT or ETREAT) for a professional; " + RequesterClaims.PATIENT_BSN + " for a patient; "
            + RequesterClaims.SCOPE + " with SMART v2 resource scopes (patient/, user/ or system/ with .cruds letters)."
            + " Scopes only narrow what the requester's type allows.";

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void describeSecurity(IBaseConformance statement) {
        if (statement instanceof CapabilityStatement capabilities) {
            for (CapabilityStatement.CapabilityStatementRestComponent rest : capabilities.getRest()) {
                // Set, not added: HAPI hands this hook a cached statement on later calls.
                rest.getSecurity()
                        .setCors(false)
                        .setDescription(DESCRIPTION)
                        .getService().clear();
                rest.getSecurity().addService(new CodeableConcept(new Coding(
                        "http://terminology.hl7.org/CodeSystem/restful-security-service", "SMART-on-FHIR", "SMART-on-FHIR"))
                        .setText("OAuth 2.0 bearer tokens with SMART on FHIR v2 scopes"));
            }
        }
    }
}
