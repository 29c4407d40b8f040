package nl.schakelpunt.portal;

import static nl.schakelpunt.consent.PermissionCodes.*;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Date;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/**
 * The choices of the permission form, as the Consent the API expects: asked online by the patient, a permit starts as
 * a request to the holder and a refusal holds at once; recorded by the holder (verbally or on paper), either holds at
 * once. The narrowings are those of the paper form.
 */
public enum OnlineChoice {
    /** Permission for everything the holder may share. */
    PERMIT,
    /** Permission, but no GP data to hospitals for planned care (emergencies always). */
    PERMIT_NO_GP_DATA_FOR_PLANNED_HOSPITAL_CARE,
    /** Permission for medication data only. */
    PERMIT_MEDICATION_ONLY,
    REFUSE;

    /**
     * As the patient asks online.
     *
     * @param atOnce the holder takes online permissions at once and the login was verified: a permit is active now
     */
    Consent consent(String patientId, String holderId, Clock clock, boolean atOnce) {
        Consent consent = consent(patientId, holderId, clock, ONLINE);
        if (atOnce) {
            consent.setStatus(Consent.ConsentState.ACTIVE);
        }
        return consent;
    }

    /** @param channel online (the patient), verbal or paper (recorded by the holder) */
    Consent consent(String patientId, String holderId, Clock clock, String channel) {
        boolean refusal = this == REFUSE;
        boolean request = !refusal && ONLINE.equals(channel);
        Consent consent = new Consent()
                .setStatus(request ? Consent.ConsentState.PROPOSED : Consent.ConsentState.ACTIVE)
                .setScope(new CodeableConcept(new Coding(CONSENT_SCOPE_SYSTEM, PATIENT_PRIVACY, "Privacy Consent")))
                .addCategory(new CodeableConcept(new Coding(LOINC, PATIENT_CONSENT_LOINC, "Patient Consent")))
                .setPatient(new Reference("Patient/" + patientId))
                .setDateTimeElement(new DateTimeType(Date.from(clock.instant())))
                .addOrganization(new Reference("Organization/" + holderId))
                .setPolicyRule(new CodeableConcept(new Coding(ACT_CODE_SYSTEM, OPT_IN, "opt-in")));
        consent.addPolicy().setUri(CANONICAL_BASE + "/permission-policy");
        consent.addExtension(CHANNEL_EXTENSION, new Coding(CHANNEL_SYSTEM, channel, null));
        Consent.ProvisionComponent provision = consent.getProvision()
                .setType(refusal ? Consent.ConsentProvisionType.DENY : Consent.ConsentProvisionType.PERMIT)
                .setPeriod(new Period().setStartElement(new DateTimeType(LocalDate.now(clock).toString())));
        provision.addActor()
                .setRole(new CodeableConcept(new Coding(PARTICIPATION_TYPE_SYSTEM, CUSTODIAN, "custodian")))
                .setReference(new Reference("Organization/" + holderId));
        provision.addPurpose(new Coding(ACT_REASON_SYSTEM, TREATMENT, "treatment"));
        provision.addPurpose(new Coding(ACT_REASON_SYSTEM, EMERGENCY_TREATMENT, "emergency treatment"));
        if (this == PERMIT_MEDICATION_ONLY) {
            provision.addCode(new CodeableConcept(new Coding(DATA_CATEGORY_SYSTEM, MEDICATION, "Medicatiegegevens")));
        } else {
            provision.addCode(new CodeableConcept(new Coding(DATA_CATEGORY_SYSTEM, TREATMENT_DATA, "Behandelgegevens")));
        }
        if (this == PERMIT_NO_GP_DATA_FOR_PLANNED_HOSPITAL_CARE) {
            Consent.ProvisionComponent noPlannedHospitalCare = provision.addProvision()
                    .setType(Consent.ConsentProvisionType.DENY);
            noPlannedHospitalCare.addPurpose(new Coding(ACT_REASON_SYSTEM, TREATMENT, "treatment"));
            noPlannedHospitalCare.addExtension(RECIPIENT_CATEGORY_EXTENSION,
                    new CodeableConcept(new Coding(RECIPIENT_CATEGORY_SYSTEM, HOSPITALS, "Ziekenhuizen")));
        }
        return consent;
    }
}
