package nl.schakelpunt.access;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Information point: what the search index knows of a stored resource (its holders and its
 * patient) without reading the resource itself, so that the door can decide on a read, a change or
 * an operation by id before HAPI loads anything. A deleted resource has no facts: to anyone it
 * looks missing. Reads HAPI's own index tables (resource ids and reference links).
 */
@Component
public class StoredFacts {

    static final String REGISTRATIONS = "sp_patient_registration";

    private final JdbcTemplate jdbc;
    private final TypePolicy types;

    public StoredFacts(JdbcTemplate jdbc, TypePolicy types) {
        this.jdbc = jdbc;
        this.types = types;
    }

    /** Records that an organisation sent (or was matched to) this Patient: it knows the person. */
    public void register(String patientId, String organizationId) {
        if (!jdbc.queryForList("SELECT 1 FROM " + REGISTRATIONS + " WHERE patient_id = ? AND organization_id = ?",
                Integer.class, patientId, organizationId).isEmpty()) {
            return;
        }
        jdbc.update("INSERT INTO " + REGISTRATIONS + " (patient_id, organization_id) VALUES (?, ?)",
                patientId, organizationId);
    }

    /** The facts of a current, not deleted resource; empty when there is none with this id. */
    public Optional<ResourceFacts> of(String type, String id) {
        List<Long> pids = jdbc.queryForList("SELECT RES_ID FROM HFJ_RESOURCE WHERE RES_TYPE = ? AND FHIR_ID = ?"
                + " AND RES_DELETED_AT IS NULL", Long.class, type, id);
        if (pids.isEmpty()) {
            return Optional.empty();
        }
        Set<String> holders = new LinkedHashSet<>();
        String patient = "Patient".equals(type) ? "Patient/" + id : null;
        String patientPath = types.patientElement(type).map(e -> type + "." + e).orElse(null);
        String holderPath = "Consent".equals(type) ? "Consent.organization" : null;
        for (Map<String, Object> link : jdbc.queryForList("SELECT l.SRC_PATH, t.RES_TYPE, t.FHIR_ID"
                + " FROM HFJ_RES_LINK l JOIN HFJ_RESOURCE t ON t.RES_ID = l.TARGET_RESOURCE_ID"
                + " WHERE l.SRC_RESOURCE_ID = ?", pids.get(0))) {
            String path = (String) link.get("SRC_PATH");
            String target = link.get("RES_TYPE") + "/" + link.get("FHIR_ID");
            if ("Organization".equals(link.get("RES_TYPE"))
                    && (path.equals(holderPath) || path.contains("/StructureDefinition/holder"))) {
                holders.add(target);
            } else if ("Patient".equals(link.get("RES_TYPE")) && path.equals(patientPath)) {
                patient = target;
            }
        }
        return Optional.of(new ResourceFacts(type, id, types.groupOf(type).orElse(null), holders, patient));
    }

    /** Whether a resource with this id existed and is deleted now. */
    public boolean deleted(String type, String id) {
        return !jdbc.queryForList("SELECT RES_ID FROM HFJ_RESOURCE WHERE RES_TYPE = ? AND FHIR_ID = ?"
                + " AND RES_DELETED_AT IS NOT NULL", Long.class, type, id).isEmpty();
    }

    /**
     * Whether an organisation holds data about a patient at the exchange point: it sent the
     * Patient, holds a clinical record about them, or a permission is addressed to it.
     */
    public boolean holdsDataAbout(String organizationId, String patientId) {
        if (!jdbc.queryForList("SELECT 1 FROM " + REGISTRATIONS + " WHERE patient_id = ? AND organization_id = ?",
                Integer.class, patientId, organizationId).isEmpty()) {
            return true;
        }
        Integer found = jdbc.queryForObject("SELECT COUNT(*) FROM HFJ_RES_LINK p"
                + " JOIN HFJ_RESOURCE pt ON pt.RES_ID = p.TARGET_RESOURCE_ID"
                + " JOIN HFJ_RES_LINK h ON h.SRC_RESOURCE_ID = p.SRC_RESOURCE_ID"
                + " JOIN HFJ_RESOURCE o ON o.RES_ID = h.TARGET_RESOURCE_ID"
                + " WHERE pt.RES_TYPE = 'Patient' AND pt.FHIR_ID = ? AND p.TARGET_RESOURCE_TYPE = 'Patient'"
                + " AND o.RES_TYPE = 'Organization' AND o.FHIR_ID = ? AND h.TARGET_RESOURCE_TYPE = 'Organization'"
                + " AND (h.SRC_PATH = 'Consent.organization' OR h.SRC_PATH LIKE '%/StructureDefinition/holder%')",
                Integer.class, patientId, organizationId);
        return found != null && found > 0;
    }
}
