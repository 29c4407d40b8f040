package nl.schakelpunt.portal;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.rest.client.api.IGenericClient;

/**
 * "My record": the patient's own data from every holder, or the record someone shares with them, read with their
 * token ($everything on that Patient), in readable sections: medication, allergies, open episodes, contacts with
 * their journal, results. Dates in Dutch format; codes shown by their names.
 */
@Component
class RecordPages {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd-MM-yyyy");
    private static final String LABORATORY = "laboratory";
    /** The letters a GP writes a journal entry's lines with (subjective, objective, evaluation, plan). */
    private static final String SOAP = "SOEP";

    /** One line of the record. */
    public record Item(String what, String detail, String when, String status, String holder, List<String> lines) {
    }

    /** The record by section; the keys are the sections' message keys, in the order shown. */
    public record Record(Map<String, List<Item>> sections) {
        public boolean isEmpty() {
            return sections.values().stream().allMatch(List::isEmpty);
        }
    }

    private final Clock clock;

    RecordPages(Clock clock) {
        this.clock = clock;
    }

    Record record(IGenericClient client, Patient patient) {
        List<Resource> resources = PatientPages.everything(client, patient);
        Map<String, Medication> medications = new HashMap<>();
        Set<String> holderIds = new LinkedHashSet<>();
        for (Resource resource : resources) {
            if (resource instanceof Medication medication) {
                medications.put("Medication/" + medication.getIdElement().getIdPart(), medication);
            }
            String holder = PatientPages.holderOf(resource);
            if (holder != null) {
                holderIds.add(holder);
            }
        }
        Map<String, String> holders = new HashMap<>();
        PatientPages.organizations(client, holderIds).forEach((id, organization) -> holders.put(id, organization.getName()));
        Map<String, List<Item>> sections = new LinkedHashMap<>();
        for (String key : List.of("record.medication", "record.allergies", "record.episodes", "record.contacts",
                "record.results")) {
            sections.put(key, new ArrayList<>());
        }
        Map<String, List<Observation>> journal = new HashMap<>();
        for (Resource resource : resources) {
            if (resource instanceof Observation observation && observation.hasEncounter() && !isLaboratory(observation)) {
                journal.computeIfAbsent(observation.getEncounter().getReferenceElement().toUnqualifiedVersionless()
                        .getValue(), k -> new ArrayList<>()).add(observation);
            }
        }
        for (Resource resource : resources) {
            String holder = holders.get(PatientPages.holderOf(resource));
            if (resource instanceof MedicationStatement use) {
                sections.get("record.medication").add(new Item(medicationName(use.getMedication(), medications),
                        "record.kind.use", period(use.getEffective()), use.getStatus() == null ? null
                                : use.getStatus().toCode(), holder, List.of()));
            } else if (resource instanceof MedicationRequest request) {
                sections.get("record.medication").add(new Item(medicationName(request.getMedication(), medications),
                        "record.kind.agreement", day(request.getAuthoredOnElement()),
                        request.getStatus() == null ? null : request.getStatus().toCode(), holder,
                        request.getDosageInstruction().stream().map(d -> d.getText()).filter(t -> t != null).toList()));
            } else if (resource instanceof MedicationDispense dispense) {
                sections.get("record.medication").add(new Item(medicationName(dispense.getMedication(), medications),
                        "record.kind.dispense", day(dispense.getWhenHandedOverElement()),
                        dispense.getStatus() == null ? null : dispense.getStatus().toCode(), holder, List.of()));
            } else if (resource instanceof MedicationAdministration administration) {
                sections.get("record.medication").add(new Item(
                        medicationName(administration.getMedication(), medications), "record.kind.administration",
                        period(administration.getEffective()), administration.getStatus() == null ? null
                                : administration.getStatus().toCode(), holder, List.of()));
            } else if (resource instanceof AllergyIntolerance allergy) {
                sections.get("record.allergies").add(new Item(name(allergy.getCode()), null,
                        day(allergy.getRecordedDateElement()), code(allergy.getClinicalStatus()), holder, List.of()));
            } else if (resource instanceof Condition condition) {
                if ("active".equals(code(condition.getClinicalStatus()))) {
                    sections.get("record.episodes").add(new Item(name(condition.getCode()), null,
                            period(condition.getOnset()), "active", holder, List.of()));
                }
            } else if (resource instanceof EpisodeOfCare episode) {
                if (episode.getStatus() == EpisodeOfCare.EpisodeOfCareStatus.ACTIVE) {
                    sections.get("record.episodes").add(new Item(episode.getType().isEmpty() ? null
                            : name(episode.getTypeFirstRep()), null, period(episode.getPeriod()), "active", holder,
                            List.of()));
                }
            } else if (resource instanceof Encounter encounter) {
                String key = "Encounter/" + encounter.getIdElement().getIdPart();
                List<String> lines = journal.getOrDefault(key, List.of()).stream()
                        .sorted(Comparator.comparing((Observation o) -> soapOrder(o)))
                        .map(o -> (soapOrder(o) < SOAP.length() ? String.valueOf(SOAP.charAt(soapOrder(o))) : name(o.getCode()))
                                + ": " + value(o.getValue())).toList();
                sections.get("record.contacts").add(new Item(encounter.getTypeFirstRep().getText() != null
                        ? encounter.getTypeFirstRep().getText() : name(encounter.getTypeFirstRep()), null,
                        period(encounter.getPeriod()), encounter.getStatus() == null ? null
                                : encounter.getStatus().toCode(), holder, lines));
            } else if (resource instanceof Observation observation && isLaboratory(observation)) {
                sections.get("record.results").add(new Item(name(observation.getCode()), value(observation.getValue()),
                        period(observation.getEffective()), observation.getStatus() == null ? null
                                : observation.getStatus().toCode(), holder, List.of()));
            }
        }
        // Newest first within each section: the dates are dd-MM-yyyy, so sort on the date they stand for.
        sections.values().forEach(items -> items.sort(Comparator.comparing((Item i) -> sortable(i.when())).reversed()));
        return new Record(sections);
    }

    private static boolean isLaboratory(Observation observation) {
        return observation.getCategory().stream().flatMap(c -> c.getCoding().stream())
                .anyMatch(c -> LABORATORY.equals(c.getCode()));
    }

    /** S, O, E, P: the order of a SOAP journal entry (SNOMED CT codes of its lines). */
    private static int soapOrder(Observation line) {
        List<String> order = List.of("255362007", "260224007", "129265001", "129271007");
        int index = order.indexOf(line.getCode().getCodingFirstRep().getCode());
        return index < 0 ? order.size() : index;
    }

    private static String medicationName(Type medication, Map<String, Medication> medications) {
        if (medication instanceof CodeableConcept concept) {
            return name(concept);
        }
        if (medication instanceof Reference reference) {
            Medication found = medications.get(reference.getReferenceElement().toUnqualifiedVersionless().getValue());
            if (found != null) {
                return name(found.getCode());
            }
            return reference.getDisplay();
        }
        return null;
    }

    /** A code by its name: the text, else the first display, else the code itself. */
    static String name(CodeableConcept concept) {
        if (concept == null || concept.isEmpty()) {
            return null;
        }
        if (concept.hasText()) {
            return concept.getText();
        }
        return concept.getCoding().stream().map(Coding::getDisplay).filter(d -> d != null).findFirst()
                .orElse(concept.getCodingFirstRep().getCode());
    }

    private static String code(CodeableConcept concept) {
        return concept == null ? null : concept.getCodingFirstRep().getCode();
    }

    private static String value(Type value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Quantity quantity) {
            return quantity.getValue().stripTrailingZeros().toPlainString() + " "
                    + (quantity.hasUnit() ? quantity.getUnit() : quantity.getCode());
        }
        if (value instanceof CodeableConcept concept) {
            return name(concept);
        }
        return value.primitiveValue() == null ? "" : value.primitiveValue();
    }

    private String period(Type value) {
        if (value instanceof Period period) {
            String start = day(period.getStartElement());
            String end = day(period.getEndElement());
            return end == null || end.equals(start) ? start : (start == null ? "" : start) + " – " + end;
        }
        if (value instanceof BaseDateTimeType dateTime) {
            return day(dateTime);
        }
        return null;
    }

    private String day(BaseDateTimeType value) {
        if (value == null || value.getValue() == null) {
            return null;
        }
        String text = value.getValueAsString();
        if (text.length() <= 10) {
            // A date without a time of day is a day in no zone: show it as written.
            return LocalDate.parse(text.length() == 10 ? text : text + (text.length() == 7 ? "-01" : "-01-01"))
                    .format(DAY);
        }
        return value.getValue().toInstant().atZone(clock.getZone()).toLocalDate().format(DAY);
    }

    private static String sortable(String day) {
        if (day == null || day.length() < 10) {
            return "";
        }
        return day.substring(6, 10) + day.substring(3, 5) + day.substring(0, 2);
    }
}
