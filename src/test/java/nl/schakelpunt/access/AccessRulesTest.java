package nl.schakelpunt.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import nl.schakelpunt.identity.Requester;
import nl.schakelpunt.identity.Requester.Kind;
import nl.schakelpunt.identity.Scopes;
import nl.schakelpunt.identity.Scopes.Letter;
import nl.schakelpunt.support.Policies;

/** The access rules as a table: who sees which resource, and who may do what on which type. */
class AccessRulesTest {

    private static final TypePolicy TYPES = Policies.types();
    private static final AccessPolicy POLICY = Policies.access().policy();

    private static final String GP = "Organization/gp";
    private static final String PHARMACY = "Organization/pharmacy";

    @ParameterizedTest(name = "{0} sees {1} held by {2} about {3}: {4}")
    @CsvSource({
            // A holder sees its own data and no other holder's; anyone acting for an organisation sees Patients.
            "gp-system,       Encounter,           Organization/gp,       Patient/anna, true",
            "gp-system,       Encounter,           Organization/pharmacy, Patient/anna, false",
            "gp-system,       Consent,             Organization/gp,       Patient/anna, true",
            "gp-system,       Consent,             Organization/pharmacy, Patient/anna, false",
            "gp-system,       Patient,             ,                      Patient/anna, true",
            "gp-system,       Organization,        ,                      ,             true",
            "gp-system,       AuditEvent,          ,                      Patient/anna, false",
            // A professional: Patients and the directory; clinical data is decided further by the
            // professional look-up rules (permissions, role matrix, window), not here.
            "hospital-doctor, Encounter,           Organization/gp,       Patient/anna, true",
            "hospital-doctor, Patient,             ,                      Patient/anna, true",
            "hospital-doctor, Medication,          ,                      ,             true",
            // A patient sees their own record, whoever holds it, and nobody else's.
            "anna,            Encounter,           Organization/gp,       Patient/anna, true",
            "anna,            MedicationStatement, Organization/pharmacy, Patient/anna, true",
            "anna,            Encounter,           Organization/gp,       Patient/bram, false",
            "anna,            Patient,             ,                      Patient/anna, true",
            "anna,            Patient,             ,                      Patient/bram, false",
            "anna,            Consent,             Organization/gp,       Patient/anna, true",
            "anna,            Consent,             Organization/gp,       Patient/bram, false",
            "anna,            Practitioner,        ,                      ,             true",
            // Someone a patient shares their record with reads that record, but not the patient's permissions.
            "sanne,           Encounter,           Organization/gp,       Patient/finn, true",
            "sanne,           Patient,             ,                      Patient/finn, true",
            "sanne,           Consent,             ,                      Patient/finn, false",
            "sanne,           Encounter,           Organization/gp,       Patient/anna, false",
            "sanne,           Patient,             ,                      Patient/anna, false",
            // With a record of their own, they read both, and only their own permissions.
            "bram-carer,      Encounter,           Organization/gp,       Patient/bram, true",
            "bram-carer,      Encounter,           Organization/gp,       Patient/finn, true",
            "bram-carer,      Consent,             Organization/gp,       Patient/bram, true",
            "bram-carer,      Consent,             Organization/gp,       Patient/finn, false",
            // The operator sees the directory and conformance resources, no patient data.
            "operator,        Organization,        ,                      ,             true",
            "operator,        StructureDefinition, ,                      ,             true",
            "operator,        Patient,             ,                      Patient/anna, false",
            "operator,        Encounter,           Organization/gp,       Patient/anna, false",
            "operator,        Consent,             Organization/gp,       Patient/anna, false",
            // Types the rules do not know are never shown.
            "gp-system,       Basic,               Organization/gp,       Patient/anna, false"})
    void maySee(String who, String type, String holder, String patient, boolean expected) {
        ResourceFacts facts = new ResourceFacts(type, "x", TYPES.groupOf(type).orElse(null),
                holder == null ? Set.of() : Set.of(holder), patient);
        assertThat(AccessRules.maySee(POLICY, context(who, "system/*.cruds user/*.cruds patient/*.rs"), facts))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {2} {1} with {3}: {4}")
    @CsvSource({
            "gp-system,       Encounter,    CREATE, system/*.cruds,          true",
            "gp-system,       Encounter,    CREATE, system/*.rs,             false",
            "gp-system,       Encounter,    SEARCH, system/Patient.rs,       false",
            "gp-system,       Encounter,    READ,   system/Encounter.r,      true",
            "gp-system,       Encounter,    SEARCH, system/Encounter.r,      false",
            "gp-system,       Patient,      CREATE, system/*.cruds,          true",
            "gp-system,       Organization, CREATE, system/*.cruds,          true",
            "hospital-doctor, Organization, CREATE, user/*.cruds,            false",
            "gp-system,       Medication,   CREATE, system/*.cruds,          true",
            "gp-system,       AuditEvent,   READ,   system/*.cruds,          false",
            "hospital-doctor, Encounter,    READ,   user/*.cruds,            true",
            "hospital-doctor, Encounter,    CREATE, user/*.cruds,            false",
            "hospital-doctor, Patient,      UPDATE, user/*.cruds,            false",
            "anna,            Encounter,    SEARCH, patient/*.rs,            true",
            "anna,            Encounter,    CREATE, patient/*.cruds,         false",
            "anna,            AuditEvent,   SEARCH, patient/*.rs,            true",
            "anna,            Consent,      CREATE, patient/Consent.cu,      true",
            "anna,            Consent,      CREATE, patient/*.rs,            false",
            "hospital-doctor, Consent,      CREATE, user/*.cruds,            true",
            "operator,        Consent,      CREATE, system/*.cruds,          false",
            "anna,            AuditEvent,   UPDATE, patient/*.cruds,         false",
            "operator,        Organization, CREATE, system/*.cruds,          true",
            "operator,        Medication,   UPDATE, system/*.cruds,          true",
            "operator,        Encounter,    READ,   system/*.cruds,          false",
            "operator,        Patient,      SEARCH, system/*.cruds,          false",
            "operator,        AuditEvent,   SEARCH, system/*.cruds,          false",
            "operator,        Basic,        READ,   system/*.cruds,          false"})
    void refusal(String who, String type, Letter letter, String scopes, boolean allowed) {
        assertThat(AccessRules.refusal(POLICY, context(who, scopes), type, TYPES.groupOf(type), letter).isEmpty())
                .isEqualTo(allowed);
    }

    private static AccessContext context(String who, String scopes) {
        Scopes granted = Scopes.parse(scopes);
        return switch (who) {
            case "gp-system" -> new AccessContext(requester(Kind.ORGANIZATION, granted), "gp", true, null);
            case "hospital-doctor" -> new AccessContext(requester(Kind.PROFESSIONAL, granted), "hospital", false, null);
            case "anna" -> new AccessContext(requester(Kind.PATIENT, granted), null, false, "anna");
            case "sanne" -> new AccessContext(requester(Kind.PATIENT, granted), null, false, null,
                    Map.of("finn", "finn-shares"));
            case "bram-carer" -> new AccessContext(requester(Kind.PATIENT, granted), null, false, "bram",
                    Map.of("finn", "finn-shares"));
            case "operator" -> new AccessContext(requester(Kind.OPERATOR, granted), null, false, null);
            default -> throw new IllegalArgumentException(who);
        };
    }

    private static Requester requester(Kind kind, Scopes scopes) {
        return new Requester(kind, "issuer", "subject", null, null, null, null, "TREAT", null, scopes, null, null);
    }
}
