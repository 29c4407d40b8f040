package nl.schakelpunt.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Duration;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import nl.schakelpunt.support.FhirHttp;
import nl.schakelpunt.support.Resources;
import nl.schakelpunt.support.ServerTest;
import nl.schakelpunt.support.TestTokens;

/**
 * The window of the MP9 building blocks (the IG's page "window"): a medication agreement, dispense
 * request, administration agreement or dispense is in a look-up when the period it is in force
 * reaches into the last four months, whatever the day it was written; the same in a search and a read.
 */
class MedicationWindowIT extends ServerTest {

    private static final String TIME_INTERVAL = "http://nictiz.nl/fhir/StructureDefinition/ext-TimeInterval.Period";
    private static final String DURATION = "http://nictiz.nl/fhir/StructureDefinition/ext-TimeInterval.Duration";
    private static final LocalDate TODAY = LocalDate.now();
    private static final CodeableConcept PRK = new CodeableConcept(new Coding("urn:oid:2.16.840.1.113883.2.4.4.10",
            "3956", "Metoprolol"));

    private String bsn;
    private String patientId;
    /** Each building block by name, and whether it is in the window. */
    private final Map<String, Boolean> inWindow = new TreeMap<>();
    private final Map<String, String> ids = new TreeMap<>();

    private static Date at(LocalDate day) {
        return Date.from(day.atStartOfDay(ZoneId.systemDefault()).toInstant());
    }

    private FhirHttp pharmacist() {
        return fhir().as(TestTokens.professional(TestTokens.PHARMACY_CENTRUM, "J8", "900000202", "17.000"));
    }

    @BeforeEach
    void aPatientWithAPermissionAtTheirPharmacy() {
        bsn = Resources.freshBsn();
        patientId = pharmacy().post("/fhir/Patient", Resources.patient(bsn)).expect(201).as(Patient.class)
                .getIdElement().getIdPart();
        Consent permission = Resources.permission(new Reference("Patient/" + patientId));
        permission.getOrganizationFirstRep().setReference("Organization/pharmacy-de-brug");
        permission.getProvision().getActorFirstRep().setReference(new Reference("Organization/pharmacy-de-brug"));
        permission.setDateTimeElement(DateTimeType.now());
        pharmacy().post("/fhir/Consent", permission).expect(201);

        // Written two years ago, in force without an end: in.
        agreement("chronic", TODAY.minusYears(2), new Period().setStart(at(TODAY.minusYears(2))), true);
        // Written a year ago, ended six months ago: out.
        agreement("ended", TODAY.minusYears(1), new Period().setStart(at(TODAY.minusYears(1)))
                .setEnd(at(TODAY.minusMonths(6))), false);
        // Written six months ago for a year (a duration, no end): in.
        Period year = new Period().setStart(at(TODAY.minusMonths(6)));
        year.addExtension(DURATION, new Duration().setValue(1).setUnit("year").setSystem("http://unitsofmeasure.org").setCode("a"));
        agreement("for-a-year", TODAY.minusMonths(6), year, true);
        // Written last week, starting next month: in (it reaches into the window from after it).
        agreement("next-month", TODAY.minusWeeks(1), new Period().setStart(at(TODAY.plusMonths(1))), true);

        // A dispense request written five months ago without a period: in force from then on, in.
        MedicationRequest request = new MedicationRequest();
        request.setStatus(MedicationRequest.MedicationRequestStatus.UNKNOWN);
        request.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
        request.setMedication(PRK);
        request.setSubject(new Reference("Patient/" + patientId));
        request.setAuthoredOn(at(TODAY.minusMonths(5)));
        record("dispense-request", pharmacy().post("/fhir/MedicationRequest", request).expect(201).as(MedicationRequest.class), true);

        // An administration agreement has no hand-over: its period of use decides.
        administrationAgreement("administration-agreement", new Period().setStart(at(TODAY.minusYears(1))), true);
        // Handed over five months ago for 90 days: in; for 7 days: out; today: in.
        dispense("ninety-days", TODAY.minusMonths(5), 90, true);
        dispense("seven-days", TODAY.minusMonths(5), 7, false);
        dispense("today", TODAY, null, true);
    }

    private void agreement(String name, LocalDate authored, Period interval, boolean expected) {
        MedicationRequest agreement = new MedicationRequest();
        agreement.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
        agreement.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
        agreement.setMedication(PRK);
        agreement.setSubject(new Reference("Patient/" + patientId));
        agreement.setAuthoredOn(at(authored));
        agreement.addExtension(new Extension(TIME_INTERVAL, interval));
        record(name, pharmacy().post("/fhir/MedicationRequest", agreement).expect(201).as(MedicationRequest.class), expected);
    }

    private void administrationAgreement(String name, Period interval, boolean expected) {
        MedicationDispense agreement = new MedicationDispense();
        agreement.setStatus(MedicationDispense.MedicationDispenseStatus.INPROGRESS);
        agreement.setMedication(PRK);
        agreement.setSubject(new Reference("Patient/" + patientId));
        agreement.addExtension(new Extension(TIME_INTERVAL, interval));
        record(name, pharmacy().post("/fhir/MedicationDispense", agreement).expect(201).as(MedicationDispense.class), expected);
    }

    private void dispense(String name, LocalDate handedOver, Integer days, boolean expected) {
        MedicationDispense dispense = new MedicationDispense();
        dispense.setStatus(MedicationDispense.MedicationDispenseStatus.COMPLETED);
        dispense.setMedication(PRK);
        dispense.setSubject(new Reference("Patient/" + patientId));
        dispense.setWhenHandedOver(at(handedOver));
        if (days != null) {
            dispense.getDaysSupply().setValue(days).setUnit("day").setSystem("http://unitsofmeasure.org").setCode("d");
        }
        record(name, pharmacy().post("/fhir/MedicationDispense", dispense).expect(201).as(MedicationDispense.class), expected);
    }

    private void record(String name, Resource stored, boolean expected) {
        ids.put(name, stored.fhirType() + "/" + stored.getIdElement().getIdPart());
        inWindow.put(name, expected);
    }

    private List<String> expected(String type) {
        return ids.entrySet().stream().filter(e -> e.getValue().startsWith(type + "/") && inWindow.get(e.getKey()))
                .map(Map.Entry::getValue).sorted().toList();
    }

    private List<String> searched(String type, String criteria) {
        Bundle bundle = pharmacist().get("/fhir/" + type + "?patient.identifier=http://fhir.nl/fhir/NamingSystem/bsn%7C"
                + bsn + criteria).expect(200).bundle();
        return bundle.getEntry().stream().filter(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.MATCH)
                .map(e -> e.getResource().fhirType() + "/" + e.getResource().getIdElement().getIdPart()).sorted().toList();
    }

    @Test
    void aBuildingBlockIsInTheWindowWhenThePeriodItIsInForceReachesIntoIt() {
        assertThat(searched("MedicationRequest", "")).isEqualTo(expected("MedicationRequest")).hasSize(4);
        assertThat(searched("MedicationDispense", "")).isEqualTo(expected("MedicationDispense")).hasSize(3);
        // A read agrees with the search; the holder itself sees everything, whatever its date.
        ids.forEach((name, id) -> {
            assertThat(pharmacist().get("/fhir/" + id).status()).as(name).isEqualTo(inWindow.get(name) ? 200 : 404);
            pharmacy().get("/fhir/" + id).expect(200);
        });
    }

    @Test
    void theQualificationQueriesPeriodOfUseIsCombinedWithTheWindow() {
        // The client's own lower bound before the window's start: the window's start counts.
        assertThat(searched("MedicationRequest", "&period-of-use=ge" + TODAY.minusYears(3)))
                .isEqualTo(expected("MedicationRequest"));
        // A later lower bound and an upper bound of the client's own narrow further.
        assertThat(searched("MedicationRequest", "&period-of-use=ge" + TODAY.plusMonths(2)))
                .containsExactlyInAnyOrder(ids.get("chronic"), ids.get("for-a-year"), ids.get("next-month"),
                        ids.get("dispense-request"));
        assertThat(searched("MedicationRequest", "&period-of-use=ge" + TODAY.minusMonths(1) + "&period-of-use=lt" + TODAY))
                .containsExactlyInAnyOrder(ids.get("chronic"), ids.get("for-a-year"), ids.get("dispense-request"));
    }
}
