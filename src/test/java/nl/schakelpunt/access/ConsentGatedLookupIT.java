package nl.schakelpunt.access;

import static nl.schakelpunt.support.Resources.freshBsn;
import static nl.schakelpunt.support.Resources.patient;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;

import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

import nl.schakelpunt.consent.PermissionCodes;
import nl.schakelpunt.support.FhirHttp;
import nl.schakelpunt.support.ServerTest;
import nl.schakelpunt.support.TestTokens;

/**
 * The rule of the exchange point, on the demo data: a treating professional sees a holder's data
 * only with the patient's permission there, in the data categories the role may see, within the time
 * window; in every interaction, and without revealing what is withheld.
 */
class ConsentGatedLookupIT extends ServerTest {

    private static final String BSN = "patient.identifier=http://fhir.nl/fhir/NamingSystem/bsn%7C";

    private static TestTokens hapGp() {
        return TestTokens.professional("90000401", "N6", "900000401", "01.015");
    }

    private static TestTokens cardiologist() {
        return TestTokens.cardiologist();
    }

    private static TestTokens emergencyPhysician() {
        return TestTokens.professional("90000501", "V4", "900000502", "01.071");
    }

    private static TestTokens pharmacistKok() {
        return TestTokens.professional("90000202", "J8", "900000202", "17.000");
    }

    private FhirHttp as(TestTokens token) {
        return fhir().as(token);
    }

    private FhirHttp as(TestTokens token, String purpose) {
        return fhir().as(token.claim("purpose_of_use", purpose));
    }

    private List<String> ids(FhirHttp client, String search) {
        return client.get("/fhir/" + search).expect(200).bundle().getEntry().stream()
                .filter(e -> e.getSearch().getMode() != Bundle.SearchEntryMode.INCLUDE)
                .map(e -> e.getResource().getIdElement().getIdPart()).toList();
    }

    /** How many resources a professional's search shows: it answers without a total. */
    private int count(FhirHttp client, String search) {
        Bundle result = client.get("/fhir/" + search + (search.contains("?") ? "&" : "?") + "_count=200").expect(200)
                .bundle();
        assertThat(result.hasTotal()).isFalse();
        return result.getEntry().size();
    }

    @Test
    void summaryOfAPermittedPatientHoldsExactlyTheWindow() {
        FhirHttp hap = as(hapGp());
        assertThat(ids(hap, "Encounter?" + BSN + "999900006"))
                .containsExactlyInAnyOrder("anna-gp-de-linde-contact-2w", "anna-gp-de-linde-contact-3m");
        assertThat(ids(hap, "Condition?" + BSN + "999900006")).containsExactly("anna-gp-de-linde-episode-k86");
        assertThat(ids(hap, "Observation?" + BSN + "999900006")).containsExactlyInAnyOrder(
                "anna-gp-de-linde-contact-2w-journal-s", "anna-gp-de-linde-contact-2w-journal-o",
                "anna-gp-de-linde-contact-2w-journal-e", "anna-gp-de-linde-contact-2w-journal-p",
                "anna-gp-de-linde-contact-3m-journal-s", "anna-gp-de-linde-contact-3m-journal-o",
                "anna-gp-de-linde-contact-3m-journal-e", "anna-gp-de-linde-contact-3m-journal-p",
                "anna-gp-de-linde-result-3m");
        assertThat(ids(hap, "MedicationStatement?" + BSN + "999900006")).containsExactlyInAnyOrder(
                "anna-pharmacy-de-brug-use-metoprolol", "anna-pharmacy-de-brug-use-omeprazole");
        assertThat(ids(hap, "AllergyIntolerance?" + BSN + "999900006"))
                .containsExactly("anna-pharmacy-de-brug-allergy-penicillin");
        assertThat(ids(hap, "MedicationDispense?" + BSN + "999900006"))
                .containsExactly("anna-pharmacy-de-brug-dispense-metoprolol");
        assertThat(count(hap, "Encounter?" + BSN + "999900006")).isEqualTo(2);
        hap.get("/fhir/Encounter/anna-gp-de-linde-contact-2w").expect(200);
        hap.get("/fhir/Encounter/anna-gp-de-linde-contact-5m").expect(404);
        hap.get("/fhir/Condition/anna-gp-de-linde-episode-r74").expect(404);
    }

    @Test
    void qualificationQueryReturnsExactlyThePermittedMedication() {
        Bundle result = as(pharmacistKok()).get("/fhir/MedicationStatement?" + BSN + "999900006"
                + "&category=http://snomed.info/sct%7C422979000&_include=MedicationStatement:medication")
                .expect(200).bundle();
        assertThat(result.getEntry()).filteredOn(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.MATCH)
                .extracting(e -> e.getResource().getIdElement().getIdPart())
                .containsExactlyInAnyOrder("anna-pharmacy-de-brug-use-metoprolol", "anna-pharmacy-de-brug-use-omeprazole");
        assertThat(result.getEntry()).filteredOn(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.INCLUDE)
                .extracting(e -> e.getResource().getIdElement().toUnqualifiedVersionless().getValue())
                .containsExactlyInAnyOrder("Medication/metoprolol", "Medication/omeprazole");
        assertThat(result.hasTotal()).isFalse();
    }

    @Test
    void noPermissionInForceShowsNothing() {
        FhirHttp hap = as(hapGp());
        // bram: no choice; cora: refused; daan: request not processed; eva: withdrawn at the pharmacy,
        // no choice at the GP; iris: request rejected.
        for (String bsn : List.of("999900018", "999900031", "999900043", "999900055", "999900092")) {
            for (String type : List.of("Encounter", "Condition", "Observation", "MedicationStatement",
                    "AllergyIntolerance", "MedicationDispense")) {
                assertThat(count(hap, type + "?" + BSN + bsn)).as("%s of %s", type, bsn).isZero();
                assertThat(ids(hap, type + "?" + BSN + bsn)).as("%s of %s", type, bsn).isEmpty();
            }
        }
        hap.get("/fhir/Encounter/bram-gp-de-linde-contact-2w").expect(404);
        hap.get("/fhir/MedicationStatement/cora-pharmacy-de-brug-use-metoprolol").expect(404);
    }

    @Test
    void narrowingExcludesHospitalsForPlannedCareNotInAnEmergency() {
        String finn = "Encounter?" + BSN + "999900067";
        assertThat(ids(as(cardiologist()), finn)).isEmpty();
        assertThat(ids(as(emergencyPhysician(), "TREAT"), finn)).isEmpty();
        assertThat(ids(as(emergencyPhysician(), "ETREAT"), finn)).hasSize(2);
        assertThat(ids(as(hapGp()), finn)).hasSize(2);
    }

    @Test
    void emergencyOnlyPermissionNeedsAnEmergency() {
        String gina = "Encounter?" + BSN + "999900079";
        assertThat(ids(as(hapGp(), "TREAT"), gina)).isEmpty();
        assertThat(ids(as(hapGp(), "ETREAT"), gina)).hasSize(2);
    }

    @Test
    void healthCentreGpPermissionCoversItsPharmacy() {
        assertThat(ids(as(pharmacistKok()), "MedicationStatement?" + BSN + "999900080")).containsExactlyInAnyOrder(
                "hugo-pharmacy-haven-use-metoprolol", "hugo-pharmacy-haven-use-omeprazole");
        assertThat(ids(as(hapGp()), "Encounter?" + BSN + "999900080")).hasSize(2);
    }

    @Test
    void centreSettingDecidesWhetherTheGpPermissionCoversThePharmacy() {
        String hugo = "MedicationStatement?" + BSN + "999900080";
        // Asked first, so that the centre's setting is remembered; a change must still count at once.
        assertThat(ids(as(pharmacistKok()), hugo)).hasSize(2);
        Organization centre = operator().get("/fhir/Organization/centre-haven").expect(200)
                .as(Organization.class);
        try {
            centre.getExtensionByUrl(PermissionCodes.CENTRE_GP_COVERS_PHARMACY_EXTENSION)
                    .setValue(new BooleanType(false));
            operator().put("/fhir/Organization/centre-haven", centre).expect(200);
            assertThat(ids(as(pharmacistKok()), hugo)).isEmpty();
        } finally {
            centre.getExtensionByUrl(PermissionCodes.CENTRE_GP_COVERS_PHARMACY_EXTENSION)
                    .setValue(new BooleanType(true));
            centre.getMeta().setVersionId(null);
            operator().put("/fhir/Organization/centre-haven", centre).expect(200);
        }
        assertThat(ids(as(pharmacistKok()), hugo)).hasSize(2);
    }

    @Test
    void medicationOnlyPermissionSharesNoGpSummary() {
        assertThat(ids(as(hapGp()), "Encounter?" + BSN + "999900109")).isEmpty();
        assertThat(ids(as(hapGp()), "Condition?" + BSN + "999900109")).isEmpty();
    }

    @Test
    void roleMatrixDecidesWhichPartsARoleSees() {
        FhirHttp pharmacist = as(pharmacistKok());
        assertThat(ids(pharmacist, "Encounter?" + BSN + "999900006")).isEmpty();
        assertThat(ids(pharmacist, "Condition?" + BSN + "999900006")).isEmpty();
        assertThat(ids(pharmacist, "AllergyIntolerance?" + BSN + "999900006")).hasSize(1);
        pharmacist.get("/fhir/Encounter/anna-gp-de-linde-contact-2w").expect(404);
        FhirHttp occupational = as(TestTokens.professional("90000501", "V4", "900000599", "01.002"));
        assertThat(ids(occupational, "MedicationStatement?" + BSN + "999900006")).isEmpty();
        assertThat(ids(occupational, "Encounter?" + BSN + "999900006")).isEmpty();
        occupational.get("/fhir/MedicationStatement/anna-pharmacy-de-brug-use-metoprolol").expect(404);
    }

    @Test
    void withheldResourceLooksExactlyLikeOneThatDoesNotExist() {
        FhirHttp hap = as(hapGp());
        FhirHttp.Response withheld = hap.get("/fhir/Encounter/bram-gp-de-linde-contact-2w");
        FhirHttp.Response missing = hap.get("/fhir/Encounter/no-such-encounter");
        assertThat(withheld.status()).isEqualTo(missing.status()).isEqualTo(404);
        assertThat(withheld.outcome().getIssueFirstRep().getCode()).isEqualTo(missing.outcome().getIssueFirstRep().getCode());
        hap.get("/fhir/Encounter/bram-gp-de-linde-contact-2w/_history/1").expect(404);
        hap.get("/fhir/Encounter/bram-gp-de-linde-contact-2w/_history").expect(404);
        Bundle batch = hap.post("/fhir", "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":["
                + "{\"request\":{\"method\":\"GET\",\"url\":\"Encounter/bram-gp-de-linde-contact-2w\"}},"
                + "{\"request\":{\"method\":\"GET\",\"url\":\"Encounter?" + BSN + "999900018\"}},"
                + "{\"request\":{\"method\":\"GET\",\"url\":\"Encounter/anna-gp-de-linde-contact-2w\"}}]}")
                .expect(200).bundle();
        assertThat(batch.getEntry().get(0).getResponse().getStatus()).startsWith("404");
        assertThat(((Bundle) batch.getEntry().get(1).getResource()).getEntry()).isEmpty();
        assertThat(batch.getEntry().get(2).getResponse().getStatus()).startsWith("200");
    }

    @Test
    void includesRevincludesAndEverythingShowOnlyWhatMayBeSeen() {
        FhirHttp hap = as(hapGp());
        // Revincludes and $everything are on no professional's allow-list.
        hap.get("/fhir/Patient?_id=bram&_revinclude=Encounter:subject").expect(403);
        hap.get("/fhir/Patient?_id=anna&_revinclude=Encounter:subject").expect(403);
        hap.get("/fhir/Patient/bram/$everything?_count=200").expect(403);
        hap.get("/fhir/Patient/anna/$everything?_count=200").expect(403);
        Bundle observations = hap.get("/fhir/Observation?" + BSN + "999900006&_include=Observation:encounter")
                .expect(200).bundle();
        assertThat(observations.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
                .noneMatch(id -> id.endsWith("-5m") || id.endsWith("-14m"));
        assertThat(observations.getEntry()).filteredOn(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.INCLUDE)
                .extracting(e -> e.getResource().getIdElement().getIdPart())
                .containsExactlyInAnyOrder("anna-gp-de-linde-contact-2w", "anna-gp-de-linde-contact-3m");
    }

    @Test
    void linksCarryOnlyWhatTheClientAsked() {
        FhirHttp hap = as(hapGp());
        String asked = "MedicationStatement?" + BSN + "999900006&_count=1";
        Bundle result = hap.get("/fhir/" + asked).expect(200).bundle();
        assertThat(result.getLink(Bundle.LINK_SELF).getUrl()).endsWith("/fhir/" + asked).doesNotContain("holder");
        assertThat(FhirHttp.json(result)).doesNotContain("holder=").doesNotContain("pharmacy-de-brug,")
                .doesNotContain("Organization%2F");
        Bundle batch = hap.post("/fhir", "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":["
                + "{\"request\":{\"method\":\"GET\",\"url\":\"" + asked.replace("%7C", "|") + "\"}}]}")
                .expect(200).bundle();
        Bundle nested = (Bundle) batch.getEntryFirstRep().getResource();
        assertThat(nested.getLink(Bundle.LINK_SELF).getUrl()).endsWith("/fhir/" + asked.replace("%7C", "|"));
        assertThat(FhirHttp.json(batch)).doesNotContain("holder=").doesNotContain("holder%3D");
    }

    @Test
    void parametersThatWouldRevealWithheldDataAreRefused() {
        FhirHttp hap = as(hapGp());
        hap.get("/fhir/Patient?_has:Condition:subject:code=K86").expect(403);
        hap.get("/fhir/Observation?" + BSN + "999900006&encounter.status=finished").expect(403);
        hap.get("/fhir/Encounter?status=finished").expect(403);
        hap.get("/fhir/Encounter/_history").expect(403);
        hap.get("/fhir/Encounter?patient=Patient/anna,Patient/bram").expect(403);
    }

    @Test
    void nextPageFetchedAfterAWithdrawalReturnsNothingWithdrawn() {
        String bsn = freshBsn();
        String patientId = gp().post("/fhir/Patient", patient(bsn)).expect(201).as(Patient.class).getIdElement().getIdPart();
        for (int weeks = 1; weeks <= 3; weeks++) {
            gp().post("/fhir/Encounter", contact(patientId, weeks)).expect(201);
        }
        String permission = gp().post("/fhir/Consent", permission(patientId)).expect(201).as(Consent.class)
                .getIdElement().getIdPart();
        FhirHttp hap = as(hapGp());
        Bundle first = hap.get("/fhir/Encounter?patient=Patient/" + patientId + "&_count=1").expect(200).bundle();
        assertThat(first.getEntry()).hasSize(1);
        assertThat(first.hasTotal()).isFalse();
        String next = first.getLink("next").getUrl();
        fhir().as(TestTokens.patient(bsn)).post("/fhir/Consent/" + permission + "/$withdraw", new Parameters()).expect(200);
        Bundle second = hap.get(next).expect(200).bundle();
        assertThat(second.getEntry()).isEmpty();
        assertThat(count(hap, "Encounter?patient=Patient/" + patientId)).isZero();
    }

    @Test
    void aPageIsServedOnlyToTheRequesterWhoseSearchMadeIt() {
        FhirHttp hap = as(hapGp());
        Bundle first = hap.get("/fhir/Encounter?" + BSN + "999900006&_count=1").expect(200).bundle();
        String next = first.getLink("next").getUrl();
        as(pharmacistKok()).get(next).expect(410);
        as(cardiologist()).get(next).expect(410);
        fhir().as(TestTokens.patient("999900006")).get(next).expect(410);
        assertThat(hap.get(next).expect(200).bundle().getEntry()).hasSize(1);
    }

    @Test
    void windowBoundaryIsTheSameForSearchCountAndRead() {
        String bsn = freshBsn();
        String patientId = gp().post("/fhir/Patient", patient(bsn)).expect(201).as(Patient.class).getIdElement().getIdPart();
        LocalDate today = LocalDate.now();
        String inside = gp().post("/fhir/Encounter", contactOn(patientId, today.minusMonths(4).plusDays(1))).expect(201)
                .as(Encounter.class).getIdElement().getIdPart();
        String onTheDay = gp().post("/fhir/Encounter", contactOn(patientId, today.minusMonths(4))).expect(201)
                .as(Encounter.class).getIdElement().getIdPart();
        String outside = gp().post("/fhir/Encounter", contactOn(patientId, today.minusMonths(4).minusDays(1))).expect(201)
                .as(Encounter.class).getIdElement().getIdPart();
        gp().post("/fhir/Consent", permission(patientId)).expect(201);
        FhirHttp hap = as(hapGp());
        List<String> found = ids(hap, "Encounter?patient=Patient/" + patientId);
        assertThat(found).contains(inside).doesNotContain(outside);
        assertThat(count(hap, "Encounter?patient=Patient/" + patientId)).isEqualTo(found.size());
        assertThat(hap.get("/fhir/Encounter/" + inside).status()).isEqualTo(200);
        assertThat(hap.get("/fhir/Encounter/" + outside).status()).isEqualTo(404);
        assertThat(hap.get("/fhir/Encounter/" + onTheDay).status()).isEqualTo(found.contains(onTheDay) ? 200 : 404);
    }

    @Test
    void conditionalWritesCannotProbeForAnotherHoldersData() {
        String bsn = freshBsn();
        String patientId = gp().post("/fhir/Patient", patient(bsn)).expect(201).as(Patient.class).getIdElement().getIdPart();
        Encounter atGp = contact(patientId, 1);
        atGp.addIdentifier().setSystem("urn:test:contact").setValue(bsn);
        String gpContact = gp().post("/fhir/Encounter", atGp).expect(201).as(Encounter.class).getIdElement().getIdPart();
        String criteria = "identifier=urn:test:contact%7C" + bsn;
        // The pharmacy's conditional create does not find the GP's contact: it creates its own.
        Encounter atPharmacy = contact(patientId, 1);
        atPharmacy.addIdentifier().setSystem("urn:test:contact").setValue(bsn);
        FhirHttp.Response create = pharmacy().post("/fhir/Encounter", FhirHttp.json(atPharmacy),
                java.util.Map.of("If-None-Exist", "identifier=urn:test:contact|" + bsn));
        assertThat(create.status()).isEqualTo(201);
        // A conditional update by the pharmacy matches nothing of the GP's: the GP's contact is unchanged.
        Encounter update = contact(patientId, 2);
        update.addIdentifier().setSystem("urn:test:contact").setValue(bsn);
        pharmacy().put("/fhir/Encounter?" + criteria, update);
        assertThat(gp().get("/fhir/Encounter/" + gpContact).expect(200).as(Encounter.class).getMeta().getVersionId())
                .isEqualTo("1");
        pharmacy().delete("/fhir/Encounter?" + criteria);
        gp().get("/fhir/Encounter/" + gpContact).expect(200);
    }

    @Test
    void ownOrganisationsDataIsSeenWithoutPermission() {
        FhirHttp jansen = as(TestTokens.professional(TestTokens.GP_DE_LINDE, "Z3", "900000101", "01.015"));
        assertThat(ids(jansen, "Encounter?" + BSN + "999900018")).hasSize(2);
        assertThat(ids(jansen, "MedicationStatement?" + BSN + "999900018")).isEmpty();
    }

    private static Encounter contact(String patientId, int weeksAgo) {
        return contactOn(patientId, LocalDate.now().minusWeeks(weeksAgo));
    }

    private static Encounter contactOn(String patientId, LocalDate day) {
        Date start = Date.from(day.atStartOfDay(ZoneId.systemDefault()).toInstant());
        return new Encounter().setStatus(Encounter.EncounterStatus.FINISHED)
                .setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", null))
                .setSubject(new Reference("Patient/" + patientId))
                .setPeriod(new Period().setStart(start).setEnd(start));
    }

    private static Consent permission(String patientId) {
        Consent consent = new Consent().setStatus(Consent.ConsentState.ACTIVE)
                .setScope(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy", null)))
                .addCategory(new CodeableConcept(new Coding("http://loinc.org", "59284-0", null)))
                .setPatient(new Reference("Patient/" + patientId))
                .setDateTimeElement(DateTimeType.now())
                .setPolicyRule(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTIN", null)));
        consent.addExtension(PermissionCodes.CHANNEL_EXTENSION, new Coding(PermissionCodes.CHANNEL_SYSTEM, "verbal", null));
        Consent.ProvisionComponent provision = consent.getProvision().setType(Consent.ConsentProvisionType.PERMIT);
        provision.setPeriod(new Period().setStart(new Date(System.currentTimeMillis() - 60_000)));
        provision.addActor()
                .setRole(new CodeableConcept(new Coding(PermissionCodes.PARTICIPATION_TYPE_SYSTEM, "CST", null)))
                .setReference(new Reference("Organization/gp-de-linde"));
        provision.addPurpose(new Coding(PermissionCodes.ACT_REASON_SYSTEM, "TREAT", null));
        return consent;
    }
}
