package nl.schakelpunt.portal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * The paper permission form ("toestemmingsformulier") a patient signs and hands in at one data
 * holder, a GP practice or a pharmacy: either filled in from what the patient chose in the portal,
 * or empty, to fill in by hand. One A4 page, in Dutch or English.
 */
public final class PermissionForm {

    /** What the patient decides for one data holder. */
    public enum Choice {
        /** Yes: treating providers may look up the summary when treatment needs it. */
        PERMIT,
        /** Yes, but the GP shares nothing with a hospital specialist for planned care; emergencies always. */
        PERMIT_NO_GP_DATA_FOR_PLANNED_HOSPITAL_CARE,
        /** Yes, but only the medication data (medicines and allergies). */
        PERMIT_MEDICATION_ONLY,
        /** No: nobody may look the data up, not even in an emergency. */
        REFUSE
    }

    /** The details printed on a filled-in form; the date of birth and the holder's place may be unknown (null). */
    public record Filled(String patientName, String bsn, LocalDate birthDate, String holderName, String holderPlace,
            Choice choice, LocalDate date) {

        public Filled {
            Objects.requireNonNull(patientName, "patientName");
            Objects.requireNonNull(bsn, "bsn");
            Objects.requireNonNull(holderName, "holderName");
            Objects.requireNonNull(choice, "choice");
            Objects.requireNonNull(date, "date");
        }
    }

    private static final PDRectangle PAGE_SIZE = PDRectangle.A4;
    private static final float MARGIN = 56;
    private static final float LEFT = MARGIN;
    private static final float RIGHT = PAGE_SIZE.getWidth() - MARGIN;
    private static final float FULL_WIDTH = RIGHT - LEFT;
    private static final float TOP = PAGE_SIZE.getHeight() - MARGIN;
    private static final float BOTTOM = MARGIN;
    private static final float LABEL_WIDTH = 170;
    private static final float BOX = 10;
    private static final float BOX_INDENT = 20;
    private static final float BODY_SIZE = 10;
    private static final float BODY_LEADING = 13.5f;

    private PermissionForm() {
    }

    /** The form with the patient's details, the holder and the choice filled in, ready to sign. */
    public static byte[] filled(Filled form, Locale locale) {
        Objects.requireNonNull(form, "form");
        return render(form, Wording.of(locale));
    }

    /** The form with blank lines and empty boxes, to print and fill in by hand. */
    public static byte[] empty(Locale locale) {
        return render(null, Wording.of(locale));
    }

    private static byte[] render(Filled form, Wording words) {
        try (PDDocument document = new PDDocument()) {
            PDDocumentInformation info = document.getDocumentInformation();
            info.setTitle(words.title());
            document.getDocumentCatalog().setLanguage(words.languageTag());
            PDPage page = new PDPage(PAGE_SIZE);
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                write(new Writer(content), form, words);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            // Writing to memory does not fail in practice; if it does, the caller has no form to serve.
            throw new UncheckedIOException("could not render the permission form", e);
        }
    }

    private static void write(Writer page, Filled form, Wording words) throws IOException {
        page.paragraph(words.title(), true, 16, LEFT, FULL_WIDTH, 20);
        page.paragraph(words.subtitle(), false, 11, LEFT, FULL_WIDTH, 15);
        page.gap(8);
        for (String paragraph : words.explanation()) {
            page.paragraph(paragraph, false, BODY_SIZE, LEFT, FULL_WIDTH, BODY_LEADING);
            page.gap(4);
        }

        page.section(words.patientSection());
        page.field(words.name(), form == null ? null : form.patientName());
        page.field(words.bsn(), form == null ? null : form.bsn());
        // A date of birth the holder does not know is left to be filled in by hand.
        page.field(words.birthDate(), form == null || form.birthDate() == null ? null : words.format(form.birthDate()));

        page.section(words.holderSection());
        page.field(words.holderName(), form == null ? null : form.holderName());
        page.field(words.holderPlace(), form == null ? null : form.holderPlace());

        page.section(words.choiceSection());
        page.paragraph(words.tickOne(), false, BODY_SIZE, LEFT, FULL_WIDTH, BODY_LEADING);
        page.gap(4);
        for (Choice choice : Choice.values()) {
            page.checkBox(form != null && form.choice() == choice, words.choices().get(choice));
        }

        page.section(words.signatureSection());
        page.field(words.date(), form == null ? null : words.format(form.date()));
        // A signature is always written by hand and needs more height than a printed line.
        page.gap(20);
        page.field(words.signature(), null);

        page.gap(10);
        String handIn = form == null ? words.handInEmpty() : words.handIn(form.holderName(), form.holderPlace());
        page.paragraph(handIn, true, BODY_SIZE, LEFT, FULL_WIDTH, BODY_LEADING);
        page.gap(4);
        page.paragraph(words.afterwards(), false, BODY_SIZE, LEFT, FULL_WIDTH, BODY_LEADING);
    }

    /** Lays text out top-down on the one page, wrapping it to the margins; y is the top of the next line. */
    private static final class Writer {

        // Made per document: PDFBox 3 fonts hold per-document state and are not meant to be shared.
        private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
        private final PDPageContentStream content;
        private float y = TOP;

        Writer(PDPageContentStream content) {
            this.content = content;
        }

        void gap(float points) {
            y -= points;
        }

        void section(String heading) throws IOException {
            gap(10);
            paragraph(heading, true, 11, LEFT, FULL_WIDTH, 15);
            gap(3);
        }

        /** A label with its value, or with a blank line to write on when there is no value. */
        void field(String label, String value) throws IOException {
            boolean blank = value == null || value.isBlank();
            if (blank) {
                // Room above the line for handwriting.
                gap(8);
            }
            float top = y;
            paragraph(label, false, BODY_SIZE, LEFT, LABEL_WIDTH - 8, BODY_LEADING);
            float belowLabel = y;
            y = top;
            if (blank) {
                line(LEFT + LABEL_WIDTH, RIGHT, top - BODY_SIZE - 2);
                y -= BODY_LEADING;
            } else {
                paragraph(value, true, BODY_SIZE, LEFT + LABEL_WIDTH, FULL_WIDTH - LABEL_WIDTH, BODY_LEADING);
            }
            y = Math.min(y, belowLabel) - 6;
        }

        /** A square box, marked with an X when chosen, followed by the wrapped text of the choice. */
        void checkBox(boolean marked, String text) throws IOException {
            float boxBottom = y - BODY_SIZE - 1.5f;
            requireRoom(boxBottom);
            content.setLineWidth(0.8f);
            content.addRect(LEFT, boxBottom, BOX, BOX);
            content.stroke();
            if (marked) {
                float markSize = 9;
                float markWidth = bold.getStringWidth("X") / 1000 * markSize;
                show("X", bold, markSize, LEFT + (BOX - markWidth) / 2, boxBottom + 1.8f);
            }
            paragraph(text, false, BODY_SIZE, LEFT + BOX_INDENT, FULL_WIDTH - BOX_INDENT, BODY_LEADING);
            y -= 6;
        }

        void paragraph(String text, boolean strong, float size, float x, float width, float leading)
                throws IOException {
            PDType1Font font = strong ? bold : regular;
            for (String line : wrap(printable(text, font), font, size, width)) {
                requireRoom(y - leading);
                show(line, font, size, x, y - size);
                y -= leading;
            }
        }

        private void line(float fromX, float toX, float atY) throws IOException {
            requireRoom(atY);
            content.setLineWidth(0.5f);
            content.moveTo(fromX, atY);
            content.lineTo(toX, atY);
            content.stroke();
        }

        private void show(String text, PDType1Font font, float size, float x, float baseline) throws IOException {
            content.beginText();
            content.setFont(font, size);
            content.newLineAtOffset(x, baseline);
            content.showText(text);
            content.endText();
        }

        private static void requireRoom(float atY) {
            // The form is one page by design; only absurdly long names could push it further.
            if (atY < BOTTOM) {
                throw new IllegalArgumentException("the permission form does not fit on one page");
            }
        }
    }

    /** Greedy word wrap; a word wider than the whole line is broken where it must be. */
    private static List<String> wrap(String text, PDType1Font font, float size, float width) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String word : text.trim().split(" +")) {
            String candidate = current.isEmpty() ? word : current + " " + word;
            if (width(candidate, font, size) <= width) {
                current.setLength(0);
                current.append(candidate);
                continue;
            }
            if (!current.isEmpty()) {
                lines.add(current.toString());
                current.setLength(0);
            }
            String rest = word;
            while (width(rest, font, size) > width) {
                int cut = rest.length() - 1;
                while (cut > 1 && width(rest.substring(0, cut), font, size) > width) {
                    cut--;
                }
                lines.add(rest.substring(0, cut));
                rest = rest.substring(cut);
            }
            current.append(rest);
        }
        if (!current.isEmpty()) {
            lines.add(current.toString());
        }
        return lines;
    }

    private static float width(String text, PDType1Font font, float size) throws IOException {
        return font.getStringWidth(text) / 1000 * size;
    }

    /**
     * The text as the font can print it: accents composed (a decomposed "e" plus diaeresis becomes
     * "ë"), any white space a plain space, and '?' for what the font's encoding lacks, so that an
     * unusual name still yields a form instead of an error.
     */
    private static String printable(String text, PDType1Font font) {
        String composed = Normalizer.normalize(text, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(composed.length());
        for (int i = 0; i < composed.length();) {
            int codePoint = composed.codePointAt(i);
            i += Character.charCount(codePoint);
            if (Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)) {
                out.append(' ');
            } else if (encodable(codePoint, font)) {
                out.appendCodePoint(codePoint);
            } else {
                out.append('?');
            }
        }
        return out.toString();
    }

    /**
     * Asks the encoding alone, as PDFBox does when it writes a standard 14 font: the reader's own
     * Helvetica draws the glyphs, so the system fonts on this machine do not matter.
     */
    private static boolean encodable(int codePoint, PDType1Font font) {
        String name = font.getGlyphList().codePointToName(codePoint);
        return !".notdef".equals(name) && font.getEncoding().contains(name);
    }

    /** All words on the form in one language. */
    private record Wording(String languageTag, Locale dateLocale, String title, String subtitle,
            List<String> explanation, String patientSection, String name, String bsn, String birthDate,
            String holderSection, String holderName, String holderPlace, String choiceSection, String tickOne,
            Map<Choice, String> choices, String signatureSection, String date, String signature, String handInAt,
            String handInEmpty, String afterwards) {

        private static final Wording DUTCH = new Wording(
                "nl-NL",
                Locale.forLanguageTag("nl-NL"),
                "Toestemmingsformulier landelijk schakelpunt",
                "Mogen andere zorgverleners uw medische gegevens inzien als dat nodig is?",
                List.of("Uw huisarts en uw apotheek houden elk een eigen dossier over u bij. Komt u onverwacht bij"
                        + " een andere zorgverlener, zoals de huisartsenpost, een andere apotheek of een specialist"
                        + " in het ziekenhuis, dan kan die via het landelijk schakelpunt een samenvatting opvragen:"
                        + " bij de apotheek uw medicijnen en allergieën, bij de huisarts uw lopende medische"
                        + " problemen en de contacten van de laatste vier maanden. Dat mag alleen als het nodig is"
                        + " voor uw behandeling, en alleen als u vooraf toestemming hebt gegeven.",
                        "U kiest per zorgverlener. Vul voor elke huisartsenpraktijk en elke apotheek een eigen"
                        + " formulier in."),
                "1. Uw gegevens",
                "Naam",
                "BSN",
                "Geboortedatum",
                "2. Zorgverlener die uw dossier bijhoudt",
                "Huisartsenpraktijk of apotheek",
                "Plaats",
                "3. Uw keuze",
                "Kruis één vakje aan.",
                Map.of(Choice.PERMIT,
                        "Ja, ik geef toestemming. Zorgverleners die mij behandelen mogen mijn gegevens bij deze"
                        + " zorgverlener opvragen als dat nodig is voor mijn behandeling.",
                        Choice.PERMIT_NO_GP_DATA_FOR_PLANNED_HOSPITAL_CARE,
                        "Ja, ik geef toestemming, maar mijn huisarts deelt mijn gegevens niet met een medisch"
                        + " specialist in het ziekenhuis voor geplande zorg die geen spoed heeft. In een"
                        + " spoedsituatie mogen mijn gegevens altijd worden gedeeld.",
                        Choice.PERMIT_MEDICATION_ONLY,
                        "Ja, ik geef toestemming, maar alleen voor mijn medicatiegegevens: mijn medicijnen en"
                        + " allergieën.",
                        Choice.REFUSE,
                        "Nee, ik geef geen toestemming. Andere zorgverleners kunnen mijn gegevens dan niet"
                        + " opvragen, ook niet in een spoedsituatie."),
                "4. Ondertekening",
                "Datum",
                "Handtekening",
                "Lever dit ondertekende formulier in bij %s.",
                "Lever dit ondertekende formulier in bij de huisartsenpraktijk of apotheek die u bij 2 hebt"
                        + " ingevuld.",
                "Uw keuze geldt zodra de zorgverlener haar in het eigen systeem heeft verwerkt. U kunt uw keuze"
                        + " altijd wijzigen of intrekken.");

        private static final Wording ENGLISH = new Wording(
                "en",
                Locale.ENGLISH,
                "Permission form for the national exchange point",
                "May other care providers see your medical data when they need to?",
                List.of("Your GP and your pharmacy each keep their own record about you. If you unexpectedly see"
                        + " another care provider, such as the out-of-hours GP service, another pharmacy or a"
                        + " hospital specialist, they can request a summary through the national exchange point:"
                        + " your medicines and allergies from the pharmacy, and your current medical problems and"
                        + " the contacts of the last four months from the GP. This is only allowed when your"
                        + " treatment requires it, and only if you have given permission in advance.",
                        "You choose per care provider. Fill in a separate form for each GP practice and each"
                        + " pharmacy."),
                "1. Your details",
                "Name",
                "BSN (citizen service number)",
                "Date of birth",
                "2. Care provider keeping your record",
                "GP practice or pharmacy",
                "Place",
                "3. Your choice",
                "Tick one box.",
                Map.of(Choice.PERMIT,
                        "Yes, I give permission. Care providers treating me may request my data from this care"
                        + " provider when my treatment requires it.",
                        Choice.PERMIT_NO_GP_DATA_FOR_PLANNED_HOSPITAL_CARE,
                        "Yes, I give permission, but my GP does not share my data with a hospital specialist for"
                        + " planned care that is not urgent. In an emergency my data may always be shared.",
                        Choice.PERMIT_MEDICATION_ONLY,
                        "Yes, I give permission, but only for my medication data: my medicines and allergies.",
                        Choice.REFUSE,
                        "No, I do not give permission. Other care providers then cannot request my data, not"
                        + " even in an emergency."),
                "4. Signature",
                "Date",
                "Signature",
                "Hand in this signed form at %s.",
                "Hand in the signed form at the GP practice or pharmacy you filled in under 2.",
                "Your choice applies once the care provider has processed it in its own system. You can change"
                        + " or withdraw your choice at any time.");

        /** English for English; Dutch for everything else, as the form is for Dutch care. */
        static Wording of(Locale locale) {
            return locale != null && "en".equals(locale.getLanguage()) ? ENGLISH : DUTCH;
        }

        /** With the month written out, so that no reader takes the day for the month. */
        String format(LocalDate value) {
            return DateTimeFormatter.ofPattern("d MMMM uuuu", dateLocale).format(value);
        }

        String handIn(String holder, String place) {
            String where = place == null || place.isBlank() ? holder : holder + " in " + place;
            return String.format(handInAt, where);
        }
    }
}
