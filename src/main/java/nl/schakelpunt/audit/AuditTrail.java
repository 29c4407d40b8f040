package nl.schakelpunt.audit;

import java.sql.Timestamp;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.hl7.fhir.r4.model.AuditEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import jakarta.annotation.PostConstruct;

/**
 * Where AuditEvents are kept: a table of their own, written with one insert per event (and one per
 * patient it is about) in the caller's database transaction. The table has no update or delete
 * path; the FHIR API offers AuditEvents for reading only.
 */
@Component
public class AuditTrail {

    static final String EVENTS = "sp_audit_event";
    static final String PATIENTS = "sp_audit_event_patient";

    private final JdbcTemplate jdbc;
    private final FhirContext fhirContext;

    public AuditTrail(JdbcTemplate jdbc, FhirContext fhirContext) {
        this.jdbc = jdbc;
        this.fhirContext = fhirContext;
    }

    @PostConstruct
    void createTables() {
        // seq orders events recorded within the same millisecond.
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + EVENTS + " (id VARCHAR(64) NOT NULL PRIMARY KEY,"
                + " seq BIGINT GENERATED ALWAYS AS IDENTITY, recorded TIMESTAMP NOT NULL,"
                + " outcome VARCHAR(2) NOT NULL, event TEXT NOT NULL)");
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + PATIENTS + " (patient_id VARCHAR(100) NOT NULL,"
                + " recorded TIMESTAMP NOT NULL, event_id VARCHAR(64) NOT NULL,"
                + " PRIMARY KEY (patient_id, recorded, event_id))");
        jdbc.execute("CREATE INDEX IF NOT EXISTS " + EVENTS + "_recorded ON " + EVENTS + " (recorded)");
    }

    /** Stores an event, indexed under the ids of the patients it is about. */
    public void store(AuditEvent event, Collection<String> patientIds) {
        Timestamp recorded = new Timestamp(event.getRecorded().getTime());
        String id = event.getIdElement().getIdPart();
        String json = parser().encodeResourceToString(event);
        jdbc.update("INSERT INTO " + EVENTS + " (id, recorded, outcome, event) VALUES (?, ?, ?, ?)",
                id, recorded, event.getOutcome().toCode(), json);
        for (String patientId : patientIds) {
            jdbc.update("INSERT INTO " + PATIENTS + " (patient_id, recorded, event_id) VALUES (?, ?, ?)",
                    patientId, recorded, id);
        }
    }

    /** One event, if it is about this patient. */
    public Optional<AuditEvent> readForPatient(String eventId, String patientId) {
        return jdbc.queryForList("SELECT e.event FROM " + EVENTS + " e JOIN " + PATIENTS + " p ON p.event_id = e.id"
                        + " WHERE e.id = ? AND p.patient_id = ?", String.class, eventId, patientId)
                .stream().findFirst().map(this::parse);
    }

    /** How many events are about this patient in a period (bounds may be null). */
    public int countForPatient(String patientId, Timestamp from, Timestamp to) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM " + PATIENTS + " WHERE patient_id = ?"
                + " AND recorded >= ? AND recorded < ?", Integer.class, patientId, lower(from), upper(to));
        return count == null ? 0 : count;
    }

    /** A page of the events about this patient, newest first. */
    public List<AuditEvent> pageForPatient(String patientId, Timestamp from, Timestamp to, int offset, int count) {
        return jdbc.queryForList("SELECT e.event FROM " + PATIENTS + " p JOIN " + EVENTS + " e ON e.id = p.event_id"
                        + " WHERE p.patient_id = ? AND p.recorded >= ? AND p.recorded < ?"
                        + " ORDER BY p.recorded DESC, e.seq DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY",
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
