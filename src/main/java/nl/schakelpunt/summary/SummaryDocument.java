package nl.schakelpunt.summary;

import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.commons.text.StringEscapeUtils;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

import nl.schakelpunt.access.ResourceFacts;
import nl.schakelpunt.access.SummaryRules;
import nl.schakelpunt.access.TypePolicy;

/**
 * Builds the patient summary as a FHIR document after the International Patient Summary's structure:
 * a Composition with sections for medication, allergies and intolerances, open problems, recent
 * contacts with their journal entries, and results, each with a narrative a person can read and
 * with the holder of each entry named. A section without data says so, and never why.
 */
final class SummaryDocument {

    private static final String LOINC = "http://loinc.org";
    private static final String NO_INFORMATION = "Geen informatie beschikbaar (no information available).";

    private record Section(String code, String display, String title, Predicate<Resource> member) {
    }

    private final List<Section> sections;

    /** The sections of the document; which data category an Observation has is the policy table's. */
    SummaryDocument(TypePolicy types) {
        this.sections = List.of(
            new Section("10160-0", "History of Medication use Narrative", "Medicatie",
                    r -> r instanceof MedicationStatement || r instanceof MedicationDispense || r instanceof MedicationRequest),
            new Section("48765-2", "Allergies and adverse reactions Document", "Allergieën en intoleranties",
                    r -> r instanceof AllergyIntolerance),
            new Section("11450-4", "Problem list - Reported", "Open problemen (episodes)", r -> r instanceof Condition),
            new Section("46240-8", "History of Hospitalizations+Outpatient visits Narrative", "Contacten en journaal",
                    r -> r instanceof Encounter
                            || (r instanceof Observation && !SummaryRules.RESULTS.equals(types.categoryOf(r)))),
            new Section("30954-2", "Relevant diagnostic tests/laboratory data Narrative", "Uitslagen",
                    r -> r instanceof Observation && SummaryRules.RESULTS.equals(types.categoryOf(r))));
    }

    Bundle build(String base, Patient patient, List<Resource> data, List<Organization> holders, Date now) {
        Map<String, String> holderNames = new HashMap<>();
        holders.forEach(h -> holderNames.put("Organization/" + h.getIdElement().getIdPart(), h.getName()));

        Composition composition = new Composition();
        composition.setId(UUID.randomUUID().toString());
        composition.setStatus(Composition.CompositionStatus.FINAL);
        composition.setType(new CodeableConcept(new Coding(LOINC, "60591-5", "Patient summary Document")));
        composition.setDate(now);
        composition.setTitle("Patiëntsamenvatting (patient summary)");
        composition.addAuthor().setDisplay("Schakelpunt exchange point");
        if (patient != null) {
            composition.setSubject(new Reference("Patient/" + patient.getIdElement().getIdPart()));
        }
        for (Section definition : sections) {
            Composition.SectionComponent section = composition.addSection()
                    .setTitle(definition.title())
                    .setCode(new CodeableConcept(new Coding(LOINC, definition.code(), definition.display())));
            List<Resource> members = data.stream().filter(definition.member()).toList();
            StringBuilder rows = new StringBuilder();
            Set<String> authors = new LinkedHashSet<>();
            for (Resource resource : members) {
                section.addEntry(new Reference(resource.fhirType() + "/" + resource.getIdElement().getIdPart()));
                String holder = ResourceFacts.holdersOf(resource).stream().findFirst().orElse(null);
                if (holder != null) {
                    authors.add(holder);
                }
                rows.append("<tr><td>").append(escape(dateOf(resource))).append("</td><td>")
                        .append(escape(describe(resource))).append("</td><td>")
                        .append(escape(holder == null ? "" : holderNames.getOrDefault(holder, holder))).append("</td></tr>");
            }
            authors.forEach(holder -> section.addAuthor(new Reference(holder)));
            String div = members.isEmpty()
                    ? "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>" + NO_INFORMATION + "</p></div>"
                    : "<div xmlns=\"http://www.w3.org/1999/xhtml\"><table><thead><tr><th>Datum</th><th>Omschrijving</th>"
                            + "<th>Bron (holder)</th></tr></thead><tbody>" + rows + "</tbody></table></div>";
            section.getText().setStatus(Narrative.NarrativeStatus.GENERATED).setDivAsString(div);
        }

        Bundle document = new Bundle().setType(Bundle.BundleType.DOCUMENT);
        document.setIdentifier(SummaryOperations.documentIdentifier());
        document.setTimestamp(now);
        add(document, base, composition);
        if (patient != null) {
            add(document, base, patient);
        }
        holders.forEach(h -> add(document, base, h));
        data.forEach(r -> add(document, base, r));
        return document;
    }

    private static void add(Bundle document, String base, Resource resource) {
        document.addEntry().setFullUrl(base + "/" + resource.fhirType() + "/" + resource.getIdElement().getIdPart())
                .setResource(resource);
    }

    private static String describe(Resource resource) {
        if (resource instanceof MedicationStatement statement) {
            return text(statement.hasMedicationCodeableConcept() ? statement.getMedicationCodeableConcept() : null,
                    statement.hasMedicationReference() ? statement.getMedicationReference().getReference() : "medication use");
        }
        if (resource instanceof MedicationDispense dispense) {
            return "Dispensed: " + text(dispense.hasMedicationCodeableConcept() ? dispense.getMedicationCodeableConcept() : null,
                    dispense.hasMedicationReference() ? dispense.getMedicationReference().getReference() : "medication");
        }
        if (resource instanceof MedicationRequest request) {
            return "Prescribed: " + text(request.hasMedicationCodeableConcept() ? request.getMedicationCodeableConcept() : null,
                    request.hasMedicationReference() ? request.getMedicationReference().getReference() : "medication");
        }
        if (resource instanceof AllergyIntolerance allergy) {
            return text(allergy.getCode(), "allergy");
        }
        if (resource instanceof Condition condition) {
            return text(condition.getCode(), "episode");
        }
        if (resource instanceof Encounter encounter) {
            return encounter.getTypeFirstRep().hasText() ? encounter.getTypeFirstRep().getText()
                    : text(encounter.getTypeFirstRep(), "contact");
        }
        if (resource instanceof Observation observation) {
            String value = observation.hasValueStringType() ? observation.getValueStringType().getValue()
                    : observation.hasValueQuantity() ? observation.getValueQuantity().getValue().toPlainString()
                            + " " + observation.getValueQuantity().getUnit() : "";
            return text(observation.getCode(), "observation") + (value.isEmpty() ? "" : ": " + value);
        }
        return resource.fhirType();
    }

    private static String text(CodeableConcept concept, String otherwise) {
        if (concept == null) {
            return otherwise;
        }
        if (concept.hasText()) {
            return concept.getText();
        }
        for (Coding coding : concept.getCoding()) {
            if (coding.hasDisplay()) {
                return coding.getDisplay();
            }
        }
        return concept.hasCoding() ? concept.getCodingFirstRep().getCode() : otherwise;
    }

    private static String dateOf(Resource resource) {
        Date date = null;
        if (resource instanceof MedicationStatement statement) {
            date = statement.hasEffectivePeriod() ? statement.getEffectivePeriod().getStart()
                    : statement.hasEffectiveDateTimeType() ? statement.getEffectiveDateTimeType().getValue() : null;
        } else if (resource instanceof MedicationDispense dispense) {
            date = dispense.getWhenHandedOver();
        } else if (resource instanceof MedicationRequest request) {
            date = request.getAuthoredOn();
        } else if (resource instanceof AllergyIntolerance allergy) {
            date = allergy.getRecordedDate();
        } else if (resource instanceof Condition condition) {
            date = condition.hasOnsetDateTimeType() ? condition.getOnsetDateTimeType().getValue() : null;
        } else if (resource instanceof Encounter encounter) {
            date = encounter.getPeriod().getStart();
        } else if (resource instanceof Observation observation) {
            date = observation.hasEffectiveDateTimeType() ? observation.getEffectiveDateTimeType().getValue() : null;
        }
        if (date == null) {
            return "";
        }
        SimpleDateFormat format = new SimpleDateFormat("yyyy-MM-dd");
        format.setTimeZone(TimeZone.getTimeZone("Europe/Amsterdam"));
        return format.format(date);
    }

    private static String escape(String text) {
        return StringEscapeUtils.escapeXml10(text);
    }
}
