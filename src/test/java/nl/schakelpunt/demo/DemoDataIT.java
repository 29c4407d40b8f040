package nl.schakelpunt.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Collectors;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;

import nl.schakelpunt.identity.NamingSystems;
import nl.schakelpunt.support.ServerTest;
import nl.schakelpunt.support.TestTokens;
import nl.schakelpunt.support.FhirHttp;

class DemoDataIT extends ServerTest {

    @Autowired
    private Clock clock;

    @Autowired
    private DemoDataLoader loader;

    @Test
    void everyDemoPatientIsFoundByBsn() {
        for (DemoData.DemoPatient demo : DemoData.PATIENTS) {
            Bundle found = gp().get("/fhir/Patient?identifier=" + NamingSystems.BSN + "%7C" + demo.bsn())
                    .expect(200).bundle();
            assertThat(found.getEntry()).as(demo.situation()).hasSize(1);
            assertThat(((Patient) found.getEntryFirstRep().getResource()).getNameFirstRep().getFamily())
                    .isEqualTo(demo.family());
        }
    }

    @Test
    void organisationsOfEveryKindExist() {
        Bundle organisations = gp().get("/fhir/Organization?_count=100").expect(200).bundle();
        Map<String, Long> byType = organisations.getEntry().stream()
                .map(e -> (Organization) e.getResource())
                .filter(o -> o.getIdElement().getIdPart().matches("[a-z-]+"))
                .collect(Collectors.groupingBy(o -> o.getTypeFirstRep().getCodingFirstRep().getCode(), Collectors.counting()));
        assertThat(byType).containsKeys("Z3", "J8", "N6", "V4", "H1");
        assertThat(byType.get("J8")).isGreaterThanOrEqualTo(3);
        Organization cardiology = gp().get("/fhir/Organization/hospital-cardiology").expect(200).as(Organization.class);
        assertThat(cardiology.getPartOf().getReference()).isEqualTo("Organization/hospital-rivierenland");
    }

    @Test
    void permissionSituationsAreAllPresent() {
        assertThat(consentStatus("anna-gp-de-linde")).isEqualTo(Consent.ConsentState.ACTIVE);
        assertThat(gp().get("/fhir/Consent?patient=Patient/bram").expect(200).bundle().getEntry()).isEmpty();
        Consent refused = gp().get("/fhir/Consent/cora-gp-de-linde").expect(200).as(Consent.class);
        assertThat(refused.getProvision().getType()).isEqualTo(Consent.ConsentProvisionType.DENY);
        assertThat(consentStatus("daan-gp-de-linde")).isEqualTo(Consent.ConsentState.PROPOSED);
        assertThat(consentStatus("eva-pharmacy-de-brug")).isEqualTo(Consent.ConsentState.INACTIVE);
        Consent narrowed = gp().get("/fhir/Consent/finn-gp-de-linde").expect(200).as(Consent.class);
        assertThat(narrowed.getProvision().getProvision()).hasSize(1);
        assertThat(narrowed.getProvision().getProvisionFirstRep().getType()).isEqualTo(Consent.ConsentProvisionType.DENY);
        Consent emergency = gp().get("/fhir/Consent/gina-gp-de-linde").expect(200).as(Consent.class);
        assertThat(emergency.getProvision().getPurpose()).extracting(c -> c.getCode()).containsExactly("ETREAT");
        assertThat(consentStatus("iris-pharmacy-centrum")).isEqualTo(Consent.ConsentState.REJECTED);
    }

    /**
     * The demo is written in the national dialect: every record and directory entry declares its nl-core, zib or MP9
     * profile, and the server (which validates what declares a national profile against it) took them all.
     */
    @Test
    void everyRecordAndDirectoryEntryDeclaresItsNationalProfile() {
        FhirHttp anna = fhir().as(TestTokens.patient("999900006"));
        Map<String, String> expected = Map.of(
                "Patient", "nl-core-Patient",
                "MedicationStatement", "mp-MedicationUse2",
                "MedicationDispense", "mp-MedicationDispense",
                "MedicationAdministration", "mp-MedicationAdministration2",
                "AllergyIntolerance", "nl-core-AllergyIntolerance",
                "Condition", "nl-core-Problem",
                "Encounter", "nl-core-Encounter");
        expected.forEach((type, profile) -> {
            Bundle found = anna.get("/fhir/" + type + "?_count=100").expect(200).bundle();
            assertThat(found.getEntry()).as(type).isNotEmpty();
            assertThat(found.getEntry()).as(type).allSatisfy(e -> assertThat(e.getResource().getMeta().getProfile())
                    .extracting(p -> p.getValue()).contains(DemoData.NATIONAL_PROFILE + profile));
        });
        Map<String, Long> observations = anna.get("/fhir/Observation?_count=100").expect(200).bundle().getEntry().stream()
                .map(e -> e.getResource().getMeta().getProfile().get(0).getValue())
                .collect(Collectors.groupingBy(p -> p, Collectors.counting()));
        // Four contacts with their SOAP lines (4 + 4 + 3 + 3) and one laboratory result.
        assertThat(observations).containsExactlyInAnyOrderEntriesOf(Map.of(
                DemoData.NATIONAL_PROFILE + "nl-core-SOAPReport.SOAPLine", 14L,
                DemoData.NATIONAL_PROFILE + "nl-core-LaboratoryTestResult", 1L));
        assertThat(gp().get("/fhir/Organization/gp-de-linde").expect(200).as(Organization.class).getMeta().getProfile())
                .extracting(p -> p.getValue())
                .containsExactly(DemoData.NATIONAL_PROFILE + "nl-core-HealthcareProvider-Organization");
        Patient patient = anna.get("/fhir/Patient/anna").expect(200).as(Patient.class);
        assertThat(patient.getNameFirstRep().getFamilyElement()
                .getExtensionByUrl("http://hl7.org/fhir/StructureDefinition/humanname-own-name").getValue().primitiveValue())
                .isEqualTo("Vries");
    }

    @Test
    void contactDatesAreRelativeToToday() {
        // The day the demo data was loaded for, in the server's zone: today, or yesterday when the
        // suite crossed midnight since the server started.
        LocalDate today = encounterStart("anna-gp-de-linde-contact-2w").plusWeeks(2);
        assertThat(today).isBetween(LocalDate.now(clock).minusDays(1), LocalDate.now(clock));
        assertThat(encounterStart("anna-gp-de-linde-contact-3m")).isEqualTo(today.minusMonths(3));
        assertThat(encounterStart("anna-gp-de-linde-contact-5m")).isEqualTo(today.minusMonths(5));
        assertThat(encounterStart("anna-gp-de-linde-contact-14m")).isEqualTo(today.minusMonths(14));
    }

    @Test
    void loadingAgainChangesNothing() throws Exception {
        String before = gp().get("/fhir/Patient/anna").expect(200).as(Patient.class).getMeta().getVersionId();
        int encountersBefore = gp().get("/fhir/Encounter?_count=200").expect(200).bundle().getEntry().size();
        loader.run(new DefaultApplicationArguments());
        assertThat(gp().get("/fhir/Patient/anna").expect(200).as(Patient.class).getMeta().getVersionId()).isEqualTo(before);
        assertThat(gp().get("/fhir/Encounter?_count=200").expect(200).bundle().getEntry()).hasSize(encountersBefore);
    }

    private Consent.ConsentState consentStatus(String id) {
        return asPatientOf(id).get("/fhir/Consent/" + id).expect(200).as(Consent.class).getStatus();
    }

    private LocalDate encounterStart(String id) {
        // The day as written: a date without a time of day, in no zone.
        return LocalDate.parse(asPatientOf(id).get("/fhir/Encounter/" + id).expect(200).as(Encounter.class).getPeriod()
                .getStartElement().getValueAsString().substring(0, 10));
    }

    /** The patient a demo resource is about (its id starts with the patient's), who may read it. */
    private FhirHttp asPatientOf(String resourceId) {
        DemoData.DemoPatient patient = DemoData.PATIENTS.stream()
                .filter(p -> resourceId.startsWith(p.id() + "-")).findFirst().orElseThrow();
        return fhir().as(TestTokens.patient(patient.bsn()));
    }
}
