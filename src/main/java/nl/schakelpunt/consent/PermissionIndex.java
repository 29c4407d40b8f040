package nl.schakelpunt.consent;

import java.util.List;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Consent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import nl.schakelpunt.fhirserver.StorageInterceptor;

/**
 * Information point: a patient's permissions, by patient, for the decision on every look-up. A table
 * of the current version of each Consent, written in the same database transaction as the Consent, so
 * that it is never behind and every node reads the same (nothing is cached in memory). Reading it is
 * one indexed query instead of a FHIR search.
 */
@Component
@Interceptor
@Order(1)
public class PermissionIndex implements StorageInterceptor, ApplicationRunner {

    static final String TABLE = "sp_permission";
    private static final Logger LOG = LoggerFactory.getLogger(PermissionIndex.class);

    private final JdbcTemplate jdbc;
    private final FhirContext fhirContext;
    private final IFhirResourceDao<Consent> consents;

    public PermissionIndex(JdbcTemplate jdbc, FhirContext fhirContext, IFhirResourceDao<Consent> consentDao) {
        this.jdbc = jdbc;
        this.fhirContext = fhirContext;
        this.consents = consentDao;
    }

    /**
     * Fills an empty index from the Consents already stored. Every stored Consent has its row from the
     * transaction that wrote it, so an empty index beside stored Consents means a database of a release
     * before the index: its table came from the migrations, its rows come from here.
     */
    @Override
    public void run(ApplicationArguments args) {
        fillIfEmpty();
    }

    /** Answers how many permissions it wrote: none when the index already holds any. */
    int fillIfEmpty() {
        if (!jdbc.queryForList("SELECT 1 FROM " + TABLE + " FETCH FIRST 1 ROWS ONLY", Integer.class).isEmpty()) {
            return 0;
        }
        List<Consent> stored = consents.search(SearchParameterMap.newSynchronous(), new SystemRequestDetails())
                .getAllResources().stream().map(Consent.class::cast).filter(c -> !RecordSharing.isShare(c)).toList();
        stored.forEach(this::write);
        if (!stored.isEmpty()) {
            LOG.info("Permission index built from {} stored permissions", stored.size());
        }
        return stored.size();
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void created(IBaseResource resource) {
        if (resource instanceof Consent consent) {
            write(consent);
        }
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void updated(IBaseResource previous, IBaseResource resource) {
        if (resource instanceof Consent consent) {
            write(consent);
        }
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
    public void deleted(IBaseResource resource) {
        if (resource instanceof Consent consent) {
            jdbc.update("DELETE FROM " + TABLE + " WHERE consent_id = ?", consent.getIdElement().getIdPart());
        }
    }

    /** The current version of every permission of this patient, in any state. */
    public List<Consent> ofPatient(String patientId) {
        IParser parser = fhirContext.newJsonParser();
        return jdbc.queryForList("SELECT consent FROM " + TABLE + " WHERE patient_id = ?", String.class, patientId)
                .stream().map(json -> parser.parseResource(Consent.class, json)).toList();
    }

    private void write(Consent consent) {
        // A record share lets a person read a record; it lets no holder's data through to anyone.
        if (RecordSharing.isShare(consent)) {
            return;
        }
        String id = consent.getIdElement().getIdPart();
        String patientId = Permissions.patientId(consent);
        String json = fhirContext.newJsonParser().encodeResourceToString(consent);
        if (jdbc.update("UPDATE " + TABLE + " SET patient_id = ?, consent = ? WHERE consent_id = ?", patientId, json, id) == 0) {
            jdbc.update("INSERT INTO " + TABLE + " (consent_id, patient_id, consent) VALUES (?, ?, ?)", id, patientId, json);
        }
    }
}
