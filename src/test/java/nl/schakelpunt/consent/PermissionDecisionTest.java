package nl.schakelpunt.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import nl.schakelpunt.consent.Permission.Exclusion;
import nl.schakelpunt.consent.Permission.Status;
import nl.schakelpunt.consent.PermissionDecision.Answer;
import nl.schakelpunt.consent.PermissionDecision.Centre;
import nl.schakelpunt.consent.PermissionDecision.Holder;
import nl.schakelpunt.consent.PermissionDecision.Reason;
import nl.schakelpunt.consent.PermissionDecision.Requester;

/** The permission decision as a table: every state, channel, narrowing, health-centre case and time boundary. */
class PermissionDecisionTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final String GP = "gp";
    private static final String PHARMACY = "pharmacy";
    private static final String CENTRE_GP = "centre-gp";
    private static final String CENTRE_PHARMACY = "centre-pharmacy";

    private static final Holder AT_GP = new Holder(GP, "Z3", null);
    private static final Holder AT_PHARMACY = new Holder(PHARMACY, "J8", null);
    private static final Centre COVERING = new Centre("centre", true, Set.of(CENTRE_GP));
    private static final Centre NOT_COVERING = new Centre("centre", false, Set.of(CENTRE_GP));

    private static final Requester HAP = new Requester("RPZAC001", "TREAT", "hap");
    private static final Requester HAP_EMERGENCY = new Requester("RPZAC001", "ETREAT", "hap");
    private static final Requester HOSPITAL = new Requester("RPZAC104", "TREAT", "hospital");
    private static final Requester HOSPITAL_EMERGENCY = new Requester("RPZAC104", "ETREAT", "hospital");
    private static final Requester OTHER_PHARMACY = new Requester("RPZAC005", "TREAT", "other-pharmacy");

    /** A permission builder with the defaults of a plain permit given a year ago at the GP. */
    private static final class P {
        String id = "p" + Math.abs(System.nanoTime() % 100000);
        String holder = GP;
        Status status = Status.ACTIVE;
        boolean refusal;
        String channel = "verbal";
        Instant start = NOW.minus(Duration.ofDays(365));
        Instant end;
        Instant recorded = start;
        Set<String> purposes = Set.of("TREAT", "ETREAT");
        Set<String> categories = Set.of("GGC002");
        List<Exclusion> exclusions = new ArrayList<>();
        String recipient;

        P id(String value) { id = value; return this; }
        P at(String value) { holder = value; return this; }
        P status(Status value) { status = value; return this; }
        P refused() { refusal = true; return this; }
        P channel(String value) { channel = value; return this; }
        P from(Instant value) { start = value; recorded = value; return this; }
        P until(Instant value) { end = value; return this; }
        P purposes(String... value) { purposes = Set.of(value); return this; }
        P categories(String... value) { categories = Set.of(value); return this; }
        P excluding(Set<String> recipients, Set<String> purposeSet, Set<String> categorySet) {
            exclusions.add(new Exclusion(recipients, purposeSet, categorySet));
            return this;
        }
        P temporaryFor(String organization) { recipient = organization; channel = "point-of-care"; return this; }

        Permission build() {
            return new Permission(id, holder, status, refusal, channel, start, end, recorded, purposes, categories,
                    List.copyOf(exclusions), recipient);
        }
    }

    private static P permit() {
        return new P();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // States: only an active permission is in force.
                row("active permit", HAP, "GGC002", AT_GP, NOW, true, Reason.PERMITTED, permit()),
                row("proposed online request", HAP, "GGC002", AT_GP, NOW, false, Reason.NO_PERMISSION,
                        permit().status(Status.PROPOSED).channel("online")),
                row("rejected online request", HAP, "GGC002", AT_GP, NOW, false, Reason.NO_PERMISSION,
                        permit().status(Status.REJECTED).channel("online")),
                row("withdrawn", HAP, "GGC002", AT_GP, NOW, false, Reason.NO_PERMISSION, permit().status(Status.INACTIVE)),
                row("entered in error", HAP, "GGC002", AT_GP, NOW, false, Reason.NO_PERMISSION,
                        permit().status(Status.ENTERED_IN_ERROR)),
                row("draft", HAP, "GGC002", AT_GP, NOW, false, Reason.NO_PERMISSION, permit().status(Status.DRAFT)),
                row("no choice recorded", HAP, "GGC002", AT_GP, NOW, false, Reason.NO_PERMISSION),
                row("refusal", HAP, "GGC002", AT_GP, NOW, false, Reason.REFUSED, permit().refused()),
                row("refusal in an emergency", HAP_EMERGENCY, "GGC002", AT_GP, NOW, false, Reason.REFUSED, permit().refused()),
                row("permission at another holder only", HAP, "GGC002", AT_PHARMACY, NOW, false, Reason.NO_PERMISSION, permit()),
                // Channels: verbal, paper and an accepted online request are alike once active.
                row("paper form", HAP, "GGC002", AT_GP, NOW, true, Reason.PERMITTED, permit().channel("paper")),
                row("accepted online request", HAP, "GGC002", AT_GP, NOW, true, Reason.PERMITTED, permit().channel("online")),
                // The latest of several in force decides.
                row("newer refusal wins over older permit", HAP, "GGC002", AT_GP, NOW, false, Reason.REFUSED,
                        permit().id("old"), permit().id("new").refused().from(NOW.minus(Duration.ofDays(10)))),
                row("newer permit wins over older refusal", HAP, "GGC002", AT_GP, NOW, true, Reason.PERMITTED,
                        permit().id("old").refused(), permit().id("new").from(NOW.minus(Duration.ofDays(10)))),
                row("withdrawn newer leaves older active", HAP, "GGC002", AT_GP, NOW, true, Reason.PERMITTED,
                        permit().id("old"), permit().id("new").status(Status.INACTIVE).from(NOW.minus(Duration.ofDays(1)))),
                // Purposes.
                row("purpose other than treatment", new Requester("RPZAC001", "HMARKT", "hap"), "GGC002", AT_GP, NOW,
                        false, Reason.PURPOSE_NOT_ALLOWED, permit()),
                row("emergency-only permission, treatment asked", HAP, "GGC002", AT_GP, NOW, false,
                        Reason.PURPOSE_NOT_COVERED, permit().purposes("ETREAT")),
                row("emergency-only permission, emergency asked", HAP_EMERGENCY, "GGC002", AT_GP, NOW, true,
                        Reason.PERMITTED, permit().purposes("ETREAT")),
                row("treatment-only permission, emergency asked", HAP_EMERGENCY, "GGC002", AT_GP, NOW, false,
                        Reason.PURPOSE_NOT_COVERED, permit().purposes("TREAT")),
                row("unknown requester category", new Requester(null, "TREAT", "x"), "GGC002", AT_GP, NOW, false,
                        Reason.UNKNOWN_REQUESTER_CATEGORY, permit()),
                // Data categories: treatment data covers results and medication, not the other way round.
                row("treatment data covers medication", OTHER_PHARMACY, "GGC013", AT_GP, NOW, true, Reason.PERMITTED, permit()),
                row("treatment data covers results", HAP, "GGC012", AT_GP, NOW, true, Reason.PERMITTED, permit()),
                row("medication only, medication asked", HAP, "GGC013", AT_GP, NOW, true, Reason.PERMITTED,
                        permit().categories("GGC013")),
                row("medication only, GP summary asked", HAP, "GGC002", AT_GP, NOW, false, Reason.CATEGORY_NOT_COVERED,
                        permit().categories("GGC013")),
                row("medication only, results asked", HAP, "GGC012", AT_GP, NOW, false, Reason.CATEGORY_NOT_COVERED,
                        permit().categories("GGC013")),
                row("no categories named covers all", HAP, "GGC012", AT_GP, NOW, true, Reason.PERMITTED,
                        permit().categories()),
                // Narrowing: no GP data to hospitals for planned care.
                row("narrowed: hospital for treatment", HOSPITAL, "GGC002", AT_GP, NOW, false, Reason.EXCLUDED,
                        permit().excluding(Set.of("RPZAC104"), Set.of("TREAT"), Set.of())),
                row("narrowed: hospital in an emergency", HOSPITAL_EMERGENCY, "GGC002", AT_GP, NOW, true, Reason.PERMITTED,
                        permit().excluding(Set.of("RPZAC104"), Set.of("TREAT"), Set.of())),
                row("narrowed: out-of-hours GP for treatment", HAP, "GGC002", AT_GP, NOW, true, Reason.PERMITTED,
                        permit().excluding(Set.of("RPZAC104"), Set.of("TREAT"), Set.of())),
                row("narrowed on results only: medication still shared", HOSPITAL, "GGC013", AT_GP, NOW, true,
                        Reason.PERMITTED, permit().excluding(Set.of("RPZAC104"), Set.of(), Set.of("GGC012"))),
                row("narrowed on results only: results withheld", HOSPITAL, "GGC012", AT_GP, NOW, false, Reason.EXCLUDED,
                        permit().excluding(Set.of("RPZAC104"), Set.of(), Set.of("GGC012"))),
                row("narrowed for everyone for treatment", OTHER_PHARMACY, "GGC013", AT_GP, NOW, false, Reason.EXCLUDED,
                        permit().excluding(Set.of(), Set.of("TREAT"), Set.of())),
                // Time boundaries: start inclusive, end exclusive.
                row("starts exactly now", HAP, "GGC002", AT_GP, NOW, true, Reason.PERMITTED, permit().from(NOW)),
                row("starts a second from now", HAP, "GGC002", AT_GP, NOW, false, Reason.NO_PERMISSION,
                        permit().from(NOW.plusSeconds(1))),
                row("ends a second from now", HAP, "GGC002", AT_GP, NOW, true, Reason.PERMITTED,
                        permit().until(NOW.plusSeconds(1))),
                row("ends exactly now", HAP, "GGC002", AT_GP, NOW, false, Reason.NO_PERMISSION, permit().until(NOW)),
                row("ended yesterday", HAP, "GGC002", AT_GP, NOW, false, Reason.NO_PERMISSION,
                        permit().until(NOW.minus(Duration.ofDays(1)))),
                row("refusal that ended leaves no choice", HAP, "GGC002", AT_GP, NOW, false, Reason.NO_PERMISSION,
                        permit().refused().until(NOW.minus(Duration.ofDays(1)))),
                // Health centres: the GP practice's permission covers the centre's pharmacy when the centre says so.
                row("centre covers pharmacy", OTHER_PHARMACY, "GGC013", new Holder(CENTRE_PHARMACY, "J8", COVERING), NOW,
                        true, Reason.PERMITTED_BY_CENTRE, permit().at(CENTRE_GP)),
                row("centre does not cover pharmacy", OTHER_PHARMACY, "GGC013", new Holder(CENTRE_PHARMACY, "J8", NOT_COVERING),
                        NOW, false, Reason.NO_PERMISSION, permit().at(CENTRE_GP)),
                row("centre GP refusal covers pharmacy", OTHER_PHARMACY, "GGC013", new Holder(CENTRE_PHARMACY, "J8", COVERING),
                        NOW, false, Reason.REFUSED, permit().at(CENTRE_GP).refused()),
                row("pharmacy's own refusal beats centre GP permit", OTHER_PHARMACY, "GGC013",
                        new Holder(CENTRE_PHARMACY, "J8", COVERING), NOW, false, Reason.REFUSED,
                        permit().at(CENTRE_GP), permit().at(CENTRE_PHARMACY).refused()),
                row("pharmacy's own permit decides", OTHER_PHARMACY, "GGC013", new Holder(CENTRE_PHARMACY, "J8", COVERING),
                        NOW, true, Reason.PERMITTED, permit().at(CENTRE_GP).refused(), permit().at(CENTRE_PHARMACY)),
                row("centre covers pharmacy, not another GP", HAP, "GGC002", new Holder("centre-gp-2", "Z3", COVERING),
                        NOW, false, Reason.NO_PERMISSION, permit().at(CENTRE_GP)),
                row("withdrawn centre GP permission", OTHER_PHARMACY, "GGC013", new Holder(CENTRE_PHARMACY, "J8", COVERING),
                        NOW, false, Reason.NO_PERMISSION, permit().at(CENTRE_GP).status(Status.INACTIVE)),
                // Temporary permission at the point of care: 72 hours, only for the organisation that recorded it.
                row("temporary, for this requester", HOSPITAL, "GGC002", AT_GP, NOW, true, Reason.PERMITTED_TEMPORARILY,
                        permit().temporaryFor("hospital").from(NOW.minus(Duration.ofHours(1)))
                                .until(NOW.plus(Duration.ofHours(71)))),
                row("temporary, for another organisation", HAP, "GGC002", AT_GP, NOW, false, Reason.NO_PERMISSION,
                        permit().temporaryFor("hospital").from(NOW.minus(Duration.ofHours(1)))
                                .until(NOW.plus(Duration.ofHours(71)))),
                row("temporary, expired", HOSPITAL, "GGC002", AT_GP, NOW, false, Reason.NO_PERMISSION,
                        permit().temporaryFor("hospital").from(NOW.minus(Duration.ofHours(73)))
                                .until(NOW.minus(Duration.ofHours(1)))),
                row("temporary does not override a refusal", HOSPITAL, "GGC002", AT_GP, NOW, false, Reason.REFUSED,
                        permit().refused(), permit().temporaryFor("hospital").from(NOW.minus(Duration.ofHours(1)))
                                .until(NOW.plus(Duration.ofHours(71)))),
                row("temporary lets through what a narrowing excludes", HOSPITAL, "GGC002", AT_GP, NOW, true,
                        Reason.PERMITTED_TEMPORARILY,
                        permit().excluding(Set.of("RPZAC104"), Set.of("TREAT"), Set.of()),
                        permit().temporaryFor("hospital").from(NOW.minus(Duration.ofHours(1)))
                                .until(NOW.plus(Duration.ofHours(71)))),
                row("temporary at another holder", HOSPITAL, "GGC002", AT_PHARMACY, NOW, false, Reason.NO_PERMISSION,
                        permit().temporaryFor("hospital").from(NOW.minus(Duration.ofHours(1)))
                                .until(NOW.plus(Duration.ofHours(71)))));
    }

    private static Arguments row(String name, Requester requester, String category, Holder holder, Instant at,
            boolean permit, Reason reason, P... permissions) {
        return Arguments.of(name, requester, category, holder, at, permit, reason,
                Stream.of(permissions).map(P::build).toList());
    }

    static Stream<Arguments> regimeCases() {
        Requester hapEmergency = new Requester("RPZAC001", "ETREAT", "hap", true);
        Requester hapPlanned = new Requester("RPZAC001", "TREAT", "hap", true);
        Requester hospitalEmergency = new Requester("RPZAC104", "ETREAT", "hospital", false);
        return Stream.of(
                Arguments.of("no choice, emergency care, emergency", hapEmergency, "GGC002", AT_GP, true, true,
                        Reason.PERMITTED_BY_EMERGENCY_REGIME, List.of()),
                Arguments.of("regime off", hapEmergency, "GGC002", AT_GP, false, false, Reason.NO_PERMISSION, List.of()),
                Arguments.of("planned care", hapPlanned, "GGC002", AT_GP, true, false, Reason.NO_PERMISSION, List.of()),
                Arguments.of("not emergency care", hospitalEmergency, "GGC002", AT_GP, true, false, Reason.NO_PERMISSION,
                        List.of()),
                Arguments.of("medication is not the GP summary", hapEmergency, "GGC013", AT_GP, true, false,
                        Reason.NO_PERMISSION, List.of()),
                Arguments.of("results are", hapEmergency, "GGC012", AT_GP, true, true,
                        Reason.PERMITTED_BY_EMERGENCY_REGIME, List.of()),
                Arguments.of("a pharmacy is no GP practice", hapEmergency, "GGC002", AT_PHARMACY, true, false,
                        Reason.NO_PERMISSION, List.of()),
                Arguments.of("refusal", hapEmergency, "GGC002", AT_GP, true, false, Reason.REFUSED,
                        List.of(permit().refused().build())),
                Arguments.of("withdrawn permission", hapEmergency, "GGC002", AT_GP, true, false, Reason.NO_PERMISSION,
                        List.of(permit().status(Status.INACTIVE).build())),
                Arguments.of("request waiting", hapEmergency, "GGC002", AT_GP, true, true,
                        Reason.PERMITTED_BY_EMERGENCY_REGIME, List.of(permit().status(Status.PROPOSED).channel("online").build())),
                Arguments.of("permission in force decides as usual", hapEmergency, "GGC002", AT_GP, true, true,
                        Reason.PERMITTED, List.of(permit().build())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("regimeCases")
    void decidesUnderTheEmergencyRegime(String name, Requester requester, String category, Holder holder,
            boolean regimeOn, boolean permit, Reason reason, List<Permission> permissions) {
        Answer answer = PermissionDecision.decide(requester, category, holder, NOW, permissions, regimeOn);
        assertThat(answer.permit()).as("permit").isEqualTo(permit);
        assertThat(answer.reason()).as("reason").isEqualTo(reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(String name, Requester requester, String category, Holder holder, Instant at, boolean permit,
            Reason reason, List<Permission> permissions) {
        Answer answer = PermissionDecision.decide(requester, category, holder, at, permissions);
        assertThat(answer.permit()).as("permit").isEqualTo(permit);
        assertThat(answer.reason()).as("reason").isEqualTo(reason);
    }
}
