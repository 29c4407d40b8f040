package nl.schakelpunt.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hl7.fhir.r4.model.AuditEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;

/**
 * Where AuditEvents are kept: a table of their own holding each event in full, and one holding each
 * patient's view of it (see {@link PatientView}), written with plain inserts in the caller's
 * database transaction. A patient reads only their views. The tables have no update or delete
 * path; the FHIR API offers AuditEvents for reading only.
 */
@Component
public class AuditTrail {

    static final String EVENTS = "sp_audit_event";
    static final String PATIENT_VIEWS = "sp_audit_patient_view";

    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

    private final JdbcTemplate jdbc;
    private final FhirContext fhirContext;
    private final AuditProperties properties;
    private final Clock clock;

    public AuditTrail(JdbcTemplate jdbc, FhirContext fhirContext, AuditProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.fhirContext = fhirContext;
        this.properties = properties;
        this.clock = clock;
    }

    /** Deletes the events older than the retention, and every patient's view of them. */
    @Scheduled(initialDelayString = "${schakelpunt.audit.cleanup-interval}",
            fixedDelayString = "${schakelpunt.audit.cleanup-interval}")
    public void forgetExpired() {
        Instant cutoff = clock.instant().atZone(clock.getZone()).minus(properties.retention()).toInstant();
        int forgotten = forgetOlderThan(cutoff);
        LOG.info("Audit retention ({}): deleted {} events recorded before {}", properties.retention(), forgotten, cutoff);
    }

    /**
     * Deletes the events recorded before this moment and their patient views; answers how many events. Views go
     * first: stopped between the two, the next run deletes the rest.
     */
    public int forgetOlderThan(Instant moment) {
        Timestamp cutoff = Timestamp.from(moment);
        jdbc.update("DELETE FROM " + PATIENT_VIEWS + " WHERE recorded < ?", cutoff);
        return jdbc.update("DELETE FROM " + EVENTS + " WHERE recorded < ?", cutoff);
    }

    /** Stores an event in full, and the view of it of each patient it is about, by Patient id. */
    public void store(AuditEvent event, Map<String, AuditEvent> viewsByPatientId) {
        Timestamp recorded = new Timestamp(event.getRecorded().getTime());
        String id = event.getIdElement().getIdPart();
        IParser parser = parser();
        jdbc.update("INSERT INTO " + EVENTS + " (id, recorded, outcome, event) VALUES (?, ?, ?, ?)",
                id, recorded, event.getOutcome().toCode(), parser.encodeResourceToString(event));
        if (viewsByPatientId.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>();
        viewsByPatientId.forEach((patientId, view) ->
                rows.add(new Object[] {patientId, id, recorded, parser.encodeResourceToString(view)}));
        jdbc.batchUpdate("INSERT INTO " + PATIENT_VIEWS + " (patient_id, event_id, recorded, event)"
                + " VALUES (?, ?, ?, ?)", rows);
    }

    /** This patient's view of one event, if it is about them. */
    public Optional<AuditEvent> readForPatient(String eventId, String patientId) {
        return jdbc.queryForList("SELECT event FROM " + PATIENT_VIEWS + " WHERE patient_id = ? AND event_id = ?",
                        String.class, patientId, eventId)
                .stream().findFirst().map(this::parse);
    }

    /** How many events are about this patient in a period (bounds may be null). */
    public int countForPatient(String patientId, Timestamp from, Timestamp to) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM " + PATIENT_VIEWS + " WHERE patient_id = ?"
                + " AND recorded >= ? AND recorded < ?", Integer.class, patientId, lower(from), upper(to));
        return count == null ? 0 : count;
    }

    /** A page of this patient's views of the events about them, newest first. */
    public List<AuditEvent> pageForPatient(String patientId, Timestamp from, Timestamp to, int offset, int count) {
        return jdbc.queryForList("SELECT event FROM " + PATIENT_VIEWS
                        + " WHERE patient_id = ? AND recorded >= ? AND recorded < ?"
                        + " ORDER BY recorded DESC, seq DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY",
                        String.class, patientId, lower(from), upper(to), offset, count)
                .stream().map(this::parse).toList();
    }

    /** Every event recorded since a moment, oldest first. */
    public List<AuditEvent> since(Timestamp from) {
        return jdbc.queryForList("SELECT event FROM " + EVENTS + " WHERE recorded >= ? ORDER BY seq",
                String.class, from).stream().map(this::parse).toList();
    }

    private static Timestamp lower(Timestamp from) {
        return from == null ? new Timestamp(0) : from;
    }

    private static Timestamp upper(Timestamp to) {
        return to == null ? Timestamp.valueOf("9999-12-31 00:00:00") : to;
    }

    private AuditEvent parse(String json) {
        return parser().parseResource(AuditEvent.class, json);
    }

    private IParser parser() {
        return fhirContext.newJsonParser();
    }
}
