package nl.schakelpunt.identity;

import java.util.Objects;
import java.util.Optional;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import nl.schakelpunt.fhirserver.StorageInterceptor;
import nl.schakelpunt.fhirserver.OperationOutcomes;

/**
 * One Patient per BSN, held by the database: a table keyed by BSN, written in the same database
 * transaction as the Patient. A second Patient with a known BSN fails on the key, whether it comes
 * in the same transaction bundle or concurrently from another request, and the whole write rolls
 * back with 409. (A search for the BSN before writing would miss both of those.)
 */
@Component
@Interceptor
public class BsnRegister implements StorageInterceptor {

    static final String TABLE = "sp_patient_bsn";

    private final JdbcTemplate jdbc;

    public BsnRegister(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void created(IBaseResource resource) {
        if (resource instanceof Patient patient) {
            register(bsnOf(patient), patient.getIdElement().getIdPart());
        }
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void updated(IBaseResource previous, IBaseResource resource) {
        if (resource instanceof Patient patient) {
            String bsn = bsnOf(patient);
            String id = patient.getIdElement().getIdPart();
            if (previous instanceof Patient before && Objects.equals(bsnOf(before), bsn)) {
                return;
            }
            jdbc.update("DELETE FROM " + TABLE + " WHERE patient_id = ?", id);
            register(bsn, id);
        }
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
    public void deleted(IBaseResource resource) {
        if (resource instanceof Patient patient) {
            jdbc.update("DELETE FROM " + TABLE + " WHERE patient_id = ?", patient.getIdElement().getIdPart());
        }
    }

    /** The id of the Patient with this BSN, if one is stored. */
    public Optional<String> patientIdOf(String bsn) {
        return jdbc.queryForList("SELECT patient_id FROM " + TABLE + " WHERE bsn = ?", String.class, bsn)
                .stream().findFirst();
    }

    private void register(String bsn, String patientId) {
        try {
            jdbc.update("INSERT INTO " + TABLE + " (bsn, patient_id) VALUES (?, ?)", bsn, patientId);
        } catch (DuplicateKeyException e) {
            String message = "A Patient with BSN " + bsn + " already exists: one Patient per BSN"
                    + " (use a conditional create or update on the BSN identifier)";
            throw new ResourceVersionConflictException(message, e,
                    OperationOutcomes.error("duplicate", "Patient.identifier", message));
        }
    }

    /** The BSN of a Patient that {@link IdentifierRules} has already checked: exactly one. */
    private static String bsnOf(Patient patient) {
        return patient.getIdentifier().stream()
                .filter(identifier -> NamingSystems.BSN.equals(identifier.getSystem()))
                .map(identifier -> identifier.getValue())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Patient without BSN reached storage"));
    }
}
