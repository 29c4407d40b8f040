package nl.schakelpunt.access;

import static nl.schakelpunt.support.Resources.freshBsn;
import static nl.schakelpunt.support.Resources.freshUra;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.junit.jupiter.api.Test;

import nl.schakelpunt.consent.PermissionCodes;
import nl.schakelpunt.identity.NamingSystems;
import nl.schakelpunt.support.FhirHttp;
import nl.schakelpunt.support.Resources;
import nl.schakelpunt.support.ServerTest;
import nl.schakelpunt.support.TestTokens;

/**
 * The directory entries a holder supplies with its data (ADR 18): the holder writes them under ids
 * of its choosing and keeps them; nobody else changes them; they never stand in for the exchange
 * point's own directory, which decides who a requester and a holder is.
 */
class DirectorySupplyIT extends ServerTest {

    @Test
    void aHolderSuppliesAnEntryUnderItsOwnIdAndOnlyItChangesIt() {
        String id = "supplied-" + UUID.randomUUID();
        Organization entry = organization(freshUra(), "Z3", "Huisartsenpraktijk Het Dorp");
        entry.setId(id);
        // A holder extension in the payload is replaced by the writer's own organisation.
        entry.addExtension(PermissionCodes.HOLDER_EXTENSION, new Reference("Organization/gp-de-linde"));
        Organization stored = pharmacy().put("/fhir/Organization/" + id, entry).expect(201).as(Organization.class);
        assertThat(stored.getExtensionsByUrl(PermissionCodes.HOLDER_EXTENSION)).singleElement()
                .satisfies(e -> assertThat(((Reference) e.getValue()).getReference()).isEqualTo("Organization/pharmacy-de-brug"));

        stored.setName("Huisartsenpraktijk Het Dorp (Noord)");
        pharmacy().put("/fhir/Organization/" + id, stored).expect(200);

        Organization changed = stored.copy();
        changed.setName("Taken over");
        FhirHttp.Response byOtherHolder = gp().put("/fhir/Organization/" + id, changed).expect(403);
        assertThat(byOtherHolder.outcome().getIssueFirstRep().getDiagnostics()).contains("supplied by another organisation");
        FhirHttp.Response byOperator = operator().put("/fhir/Organization/" + id, changed).expect(403);
        assertThat(byOperator.outcome().getIssueFirstRep().getDiagnostics()).contains("supplied by a data holder");

        Organization after = gp().get("/fhir/Organization/" + id).expect(200).as(Organization.class);
        assertThat(after.getMeta().getVersionId()).isEqualTo("2");
        assertThat(after.getName()).isEqualTo("Huisartsenpraktijk Het Dorp (Noord)");
    }

    @Test
    void theExchangePointsOwnEntriesAreTheOperatorsOnly() {
        Organization registered = gp().get("/fhir/Organization/pharmacy-centrum").expect(200).as(Organization.class);
        Organization takeOver = registered.copy();
        takeOver.setName("Apotheek Overgenomen");
        FhirHttp.Response alone = pharmacy().put("/fhir/Organization/pharmacy-centrum", takeOver).expect(403);
        assertThat(alone.outcome().getIssueFirstRep().getDiagnostics()).contains("exchange point's own directory");

        // Inside a transaction the whole bundle is refused, the entry before it included.
        String practitionerId = "supplied-" + UUID.randomUUID();
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        bundle.addEntry().setResource(practitioner().setId(practitionerId)).getRequest().setMethod(Bundle.HTTPVerb.PUT)
                .setUrl("Practitioner/" + practitionerId);
        bundle.addEntry().setResource(takeOver).getRequest().setMethod(Bundle.HTTPVerb.PUT)
                .setUrl("Organization/pharmacy-centrum");
        pharmacy().post("/fhir", bundle).expect(403);
        gp().get("/fhir/Practitioner/" + practitionerId).expect(404);

        Organization after = gp().get("/fhir/Organization/pharmacy-centrum").expect(200).as(Organization.class);
        assertThat(after.getName()).isEqualTo(registered.getName());
        assertThat(after.getMeta().getVersionId()).isEqualTo(registered.getMeta().getVersionId());
        assertThat(after.getExtensionsByUrl(PermissionCodes.HOLDER_EXTENSION)).isEmpty();
    }

    @Test
    void anOrganisationThatHoldsNoDataSuppliesNothing() {
        FhirHttp hospital = fhir().as(TestTokens.organization("90000501", "V4"));
        String id = "supplied-" + UUID.randomUUID();
        FhirHttp.Response refused = hospital.put("/fhir/Organization/" + id,
                organization(freshUra(), "V4", "Poli Noord").setId(id)).expect(403);
        assertThat(refused.outcome().getIssueFirstRep().getDiagnostics()).contains("Only a data holder");
    }

    @Test
    void theOperatorsEntryCarriesNoSupplier() {
        Organization entry = organization(freshUra(), "Z3", "Huisartsenpraktijk Nieuw");
        entry.addExtension(PermissionCodes.HOLDER_EXTENSION, new Reference("Organization/pharmacy-de-brug"));
        Organization stored = operator().post("/fhir/Organization", entry).expect(201).as(Organization.class);
        assertThat(stored.getExtensionsByUrl(PermissionCodes.HOLDER_EXTENSION)).isEmpty();
        // ... and so it is a registered organisation: its system is a requester.
        String ura = stored.getIdentifierFirstRep().getValue();
        fhir().as(TestTokens.organization(ura, "Z3")).get("/fhir/Organization?_count=1").expect(200);
    }

    @Test
    void aSuppliedCopyOfARegisteredUraDoesNotDisturbWhoTheRequesterIs() {
        // The pharmacy copies Apotheek Centrum's entry, URA and all, as its data refers to it.
        String copyId = "supplied-" + UUID.randomUUID();
        Organization copy = organization(TestTokens.PHARMACY_CENTRUM, "J8", "Apotheek Centrum");
        copy.setId(copyId);
        pharmacy().put("/fhir/Organization/" + copyId, copy).expect(201);
        FhirHttp centrum = fhir().as(TestTokens.organization(TestTokens.PHARMACY_CENTRUM, "J8"));
        centrum.get("/fhir/Organization?_count=1").expect(200);
        fhir().as(TestTokens.professional(TestTokens.PHARMACY_CENTRUM, "J8", "900000202", "17.000"))
                .get("/fhir/Organization?_count=1").expect(200);

        // A URA known only from a supplied entry is no requester, exactly like one known nowhere.
        String suppliedOnly = freshUra();
        String suppliedId = "supplied-" + UUID.randomUUID();
        pharmacy().put("/fhir/Organization/" + suppliedId, organization(suppliedOnly, "J8", "Apotheek X").setId(suppliedId))
                .expect(201);
        FhirHttp.Response supplied = fhir().as(TestTokens.organization(suppliedOnly, "J8")).get("/fhir/Patient/anna");
        FhirHttp.Response unknown = fhir().as(TestTokens.organization(freshUra(), "J8")).get("/fhir/Patient/anna");
        assertThat(supplied.status()).isEqualTo(403).isEqualTo(unknown.status());
        assertThat(supplied.outcome().getIssueFirstRep().getDiagnostics()).contains("not registered");
    }

    @Test
    void aSuppliedOrganisationIsNoDataHolderForAPermission() {
        String id = "supplied-" + UUID.randomUUID();
        pharmacy().put("/fhir/Organization/" + id, organization(freshUra(), "J8", "Apotheek Y").setId(id)).expect(201);
        String bsn = freshBsn();
        Patient patient = gp().post("/fhir/Patient", Resources.patient(bsn)).expect(201).as(Patient.class);
        FhirHttp.Response refused = fhir().as(TestTokens.patient(bsn))
                .post("/fhir/Consent", onlineRequest(patient.getIdElement().getIdPart(), id)).expect(422);
        assertThat(refused.body()).contains("not a data holder");
    }

    @Test
    void aContactPersonIsTheHoldersDataAboutThePatient() {
        String bsn = freshBsn();
        String patientId = pharmacy().post("/fhir/Patient", Resources.patient(bsn)).expect(201).as(Patient.class)
                .getIdElement().getIdPart();
        RelatedPerson carer = new RelatedPerson().setPatient(new Reference("Patient/" + patientId));
        carer.addName().setFamily("de Bakker").addGiven("Toos");
        String id = "carer-" + UUID.randomUUID();
        carer.setId(id);
        RelatedPerson stored = pharmacy().put("/fhir/RelatedPerson/" + id, carer).expect(201).as(RelatedPerson.class);
        assertThat(stored.getExtensionsByUrl(PermissionCodes.HOLDER_EXTENSION)).hasSize(1);
        // Without the patient's permission a treating professional elsewhere does not learn it exists.
        FhirHttp kok = fhir().as(TestTokens.professional(TestTokens.PHARMACY_CENTRUM, "J8", "900000202", "17.000"));
        FhirHttp.Response withheld = kok.get("/fhir/RelatedPerson/" + id);
        FhirHttp.Response missing = kok.get("/fhir/RelatedPerson/no-such-carer-" + UUID.randomUUID());
        assertThat(withheld.status()).isEqualTo(404).isEqualTo(missing.status());
        assertThat(kok.get("/fhir/RelatedPerson?patient.identifier=" + NamingSystems.BSN + "%7C" + bsn)
                .expect(200).bundle().getEntry()).isEmpty();
        gp().put("/fhir/RelatedPerson/" + id, stored).expect(403);
    }

    private static Organization organization(String ura, String type, String name) {
        Organization organization = new Organization();
        organization.addIdentifier().setSystem(NamingSystems.URA).setValue(ura);
        organization.setName(name);
        organization.addType().addCoding().setSystem("http://nictiz.nl/fhir/NamingSystem/organization-type").setCode(type);
        return organization;
    }

    private static Practitioner practitioner() {
        Practitioner practitioner = new Practitioner();
        practitioner.addName().setFamily("Visser").addGiven("Anne");
        return practitioner;
    }

    private static Consent onlineRequest(String patientId, String holderId) {
        Consent consent = new Consent().setStatus(Consent.ConsentState.PROPOSED)
                .setScope(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy", null)))
                .addCategory(new CodeableConcept(new Coding("http://loinc.org", "59284-0", null)))
                .setPatient(new Reference("Patient/" + patientId))
                .setDateTimeElement(DateTimeType.now())
                .addOrganization(new Reference("Organization/" + holderId))
                .setPolicyRule(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTIN", null)));
        consent.addExtension(PermissionCodes.CHANNEL_EXTENSION, new Coding(PermissionCodes.CHANNEL_SYSTEM, "online", null));
        Consent.ProvisionComponent provision = consent.getProvision().setType(Consent.ConsentProvisionType.PERMIT);
        provision.addActor()
                .setRole(new CodeableConcept(new Coding(PermissionCodes.PARTICIPATION_TYPE_SYSTEM, "CST", null)))
                .setReference(new Reference("Organization/" + holderId));
        provision.addPurpose(new Coding(PermissionCodes.ACT_REASON_SYSTEM, "TREAT", null));
        return consent;
    }
}
