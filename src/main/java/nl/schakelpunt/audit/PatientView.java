package nl.schakelpunt.audit;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.Reference;

import nl.schakelpunt.identity.NamingSystems;

/**
 * What one patient is shown of an AuditEvent. A request of a holder may touch many patients and is
 * recorded once in full; each of those patients gets a view with everything about the access (who
 * asked, for whom, when, why, the interaction and the outcome) but, of what was touched, only
 * themselves, their own resources and the holders of those. The view names no other patient, none
 * of their resources, and no search value, since a value may name another patient.
 */
final class PatientView {

    /** Stands in for an id or value that is not this patient's to see. */
    static final String WITHHELD = "*";
    static final String ANOTHER_PATIENT = "another patient";

    private static final String ROLE_PATIENT = "1";
    private static final String ROLE_RESOURCE = "4";
    private static final String ROLE_HOLDER = "17";
    private static final String ROLE_QUERY = "24";
    private static final Pattern REFERENCE = Pattern.compile("\\b([A-Z][A-Za-z]+)/([A-Za-z0-9\\-.]*[A-Za-z0-9\\-])");
    /** A BSN has nine digits; an outcome text may quote one from a request. */
    private static final Pattern NINE_DIGITS = Pattern.compile("(?<!\\d)\\d{9}(?!\\d)");

    private final String patient;
    private final Set<String> ownResources;
    private final Set<String> ownHolders;
    private final Set<String> resourceTypes;
    private final Set<String> ownShares;

    private PatientView(String patient, Set<String> ownResources, Set<String> ownHolders, Set<String> resourceTypes,
            Set<String> ownShares) {
        this.patient = patient;
        this.ownShares = ownShares;
        this.ownResources = ownResources;
        this.ownHolders = ownHolders;
        this.resourceTypes = resourceTypes;
    }

    /**
     * The view of an event for one of the patients it is about.
     *
     * @param patient       the patient's reference, {@code Patient/id}
     * @param resourceTypes the FHIR resource type names, to tell ids apart in a request path
     * @param share         the share ({@code Consent/id}) of this patient's record that let the requester
     *                      read it, or null
     */
    static AuditEvent of(AuditEvent event, String patient, AuditRecord record, Set<String> resourceTypes,
            String share) {
        Set<String> own = new HashSet<>(record.resourcesOf(patient));
        own.add(patient);
        return new PatientView(patient, own, record.holdersOf(patient), resourceTypes,
                share == null ? Set.of() : Set.of(share)).project(event);
    }

    private AuditEvent project(AuditEvent event) {
        AuditEvent view = event.copy();
        view.getEntity().removeIf(entity -> !isShown(entity));
        for (AuditEventEntityComponent entity : view.getEntity()) {
            if (ROLE_QUERY.equals(entity.getRole().getCode())) {
                withholdValues(entity);
            }
        }
        for (AuditEventAgentComponent agent : view.getAgent()) {
            // Only the share of this patient's own record is theirs to see.
            agent.getPolicy().removeIf(policy -> !ownShares.contains(policy.getValue()));
            if (isAnotherPatient(agent.getWho())) {
                if (agent.hasPolicy()) {
                    // Someone this patient shared their record with: named by the BSN the patient gave them.
                    agent.getWho().setReference(null);
                } else {
                    agent.setWho(new Reference().setDisplay(ANOTHER_PATIENT));
                }
                agent.setNetwork(null);
            }
        }
        if (view.hasOutcomeDesc()) {
            view.setOutcomeDesc(withholdOthers(view.getOutcomeDesc()));
        }
        return view;
    }

    private boolean isShown(AuditEventEntityComponent entity) {
        String reference = entity.getWhat().getReference();
        return switch (entity.getRole().getCode()) {
            case ROLE_PATIENT -> patient.equals(reference);
            case ROLE_RESOURCE -> reference != null && ownResources.contains(versionless(reference));
            case ROLE_HOLDER -> ownHolders.contains(reference);
            case ROLE_QUERY -> true;
            default -> false;
        };
    }

    /** The query keeps its method, its path (ids of others withheld) and its parameter names. */
    private void withholdValues(AuditEventEntityComponent query) {
        String description = query.getDescription();
        String method = description.substring(0, description.indexOf(' '));
        String url = new String(query.getQuery(), StandardCharsets.UTF_8);
        int mark = url.indexOf('?');
        String path = withholdIds(mark < 0 ? url : url.substring(0, mark));
        String shown = path + (mark < 0 ? "" : parameterNames(url.substring(mark + 1)));
        query.setDescription(method + " " + shown);
        query.setQuery(shown.getBytes(StandardCharsets.UTF_8));
    }

    /** In a path, a segment after a resource type is that resource's id (or an operation or keyword). */
    private String withholdIds(String path) {
        String[] segments = path.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            String type = segments[i - 1];
            String segment = segments[i];
            if (resourceTypes.contains(type) && !segment.isEmpty() && !segment.startsWith("$")
                    && !segment.startsWith("_") && !ownResources.contains(type + "/" + segment)) {
                segments[i] = WITHHELD;
            }
        }
        return String.join("/", segments);
    }

    private static String parameterNames(String query) {
        Set<String> names = new LinkedHashSet<>();
        for (String parameter : query.split("&")) {
            int equals = parameter.indexOf('=');
            String name = equals < 0 ? parameter : parameter.substring(0, equals);
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names.isEmpty() ? "" : "?" + String.join("&", names);
    }

    /** An outcome text may quote a request or a resource: references to others and BSNs are withheld. */
    private String withholdOthers(String text) {
        Matcher references = REFERENCE.matcher(text);
        StringBuilder withheld = new StringBuilder();
        while (references.find()) {
            String type = references.group(1);
            boolean others = resourceTypes.contains(type) && !ownResources.contains(type + "/" + references.group(2));
            references.appendReplacement(withheld,
                    Matcher.quoteReplacement(others ? type + "/" + WITHHELD : references.group()));
        }
        references.appendTail(withheld);
        return NINE_DIGITS.matcher(withheld).replaceAll(WITHHELD);
    }

    /** A patient as requester, when that is not this patient (who may only have tried to reach them). */
    private boolean isAnotherPatient(Reference who) {
        return who.hasIdentifier() && NamingSystems.BSN.equals(who.getIdentifier().getSystem())
                && !patient.equals(who.getReference());
    }

    private static String versionless(String reference) {
        int history = reference.indexOf("/_history/");
        return history < 0 ? reference : reference.substring(0, history);
    }
}
