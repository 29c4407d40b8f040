package nl.schakelpunt.identity;

import java.util.List;
import java.util.Optional;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import nl.schakelpunt.fhirserver.StorageInterceptor;
import nl.schakelpunt.fhirserver.OperationOutcomes;

/**
 * Checks identifiers on every write, whichever way it arrives (create, update, patch, conditional
 * or inside a transaction): a Patient carries exactly one valid BSN (that no other Patient has:
 * see {@link BsnRegister}); an
 * Organization carries a URA or AGB code, and each one it carries is well-formed. Hooked inside
 * the database transaction, so a refusal rolls back a whole transaction bundle.
 */
@Component
@Interceptor
public class IdentifierRules implements StorageInterceptor {

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = -100)
    public void beforeCreate(IBaseResource resource) {
        check(resource);
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = -100)
    public void beforeUpdate(IBaseResource previous, IBaseResource resource) {
        check(resource);
    }

    private void check(IBaseResource resource) {
        if (resource instanceof Patient patient) {
            checkPatient(patient);
        } else if (resource instanceof Organization organization) {
            checkOrganization(organization);
        }
    }

    private void checkPatient(Patient patient) {
        OperationOutcome problems = new OperationOutcome();
        int bsnCount = 0;
        List<Identifier> identifiers = patient.getIdentifier();
        for (int i = 0; i < identifiers.size(); i++) {
            Identifier identifier = identifiers.get(i);
            if (NamingSystems.BSN.equals(identifier.getSystem())) {
                bsnCount++;
                String where = "Patient.identifier[" + i + "].value";
                IdentifierCheck.bsn(identifier.getValue()).ifPresent(p -> OperationOutcomes.add(problems, "invalid", where, p));
            }
        }
        if (bsnCount == 0) {
            OperationOutcomes.add(problems, "required", "Patient.identifier",
                    "A Patient must carry a BSN (identifier with system " + NamingSystems.BSN + ")");
        } else if (bsnCount > 1) {
            OperationOutcomes.add(problems, "invalid", "Patient.identifier",
                    "A Patient carries one BSN, this one carries " + bsnCount);
        }
        refuseIfAny(problems);
    }

    private void checkOrganization(Organization organization) {
        OperationOutcome problems = new OperationOutcome();
        boolean hasUraOrAgb = false;
        List<Identifier> identifiers = organization.getIdentifier();
        for (int i = 0; i < identifiers.size(); i++) {
            Identifier identifier = identifiers.get(i);
            String where = "Organization.identifier[" + i + "].value";
            Optional<String> problem;
            if (NamingSystems.URA.equals(identifier.getSystem())) {
                problem = IdentifierCheck.ura(identifier.getValue());
            } else if (NamingSystems.AGB.equals(identifier.getSystem())) {
                problem = IdentifierCheck.agb(identifier.getValue());
            } else {
                continue;
            }
            hasUraOrAgb = true;
            problem.ifPresent(p -> OperationOutcomes.add(problems, "invalid", where, p));
        }
        if (!hasUraOrAgb) {
            OperationOutcomes.add(problems, "required", "Organization.identifier",
                    "An Organization must carry a URA (" + NamingSystems.URA + ") or AGB code ("
                            + NamingSystems.AGB + ")");
        }
        refuseIfAny(problems);
    }

    private void refuseIfAny(OperationOutcome problems) {
        if (!problems.getIssue().isEmpty()) {
            String summary = problems.getIssue().stream()
                    .map(issue -> issue.getExpression().isEmpty()
                            ? issue.getDiagnostics()
                            : issue.getExpression().get(0).getValue() + ": " + issue.getDiagnostics())
                    .reduce((a, b) -> a + "; " + b).orElseThrow();
            throw new UnprocessableEntityException(summary, problems);
        }
    }
}
