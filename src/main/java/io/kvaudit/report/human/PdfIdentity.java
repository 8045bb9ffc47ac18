package io.kvaudit.report.human;

import com.lowagie.text.pdf.PdfDate;
import com.lowagie.text.pdf.PdfDictionary;
import com.lowagie.text.pdf.PdfEncryption;
import com.lowagie.text.pdf.PdfName;
import io.kvaudit.store.RunRecord;
import org.xhtmlrenderer.pdf.ITextRenderer;
import org.xhtmlrenderer.pdf.PDFCreationListener;

import java.time.Instant;
import java.util.Arrays;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.TimeZone;

/**
 * The PDF's dates and file identifier taken from the run and the content rather than from the clock and a random
 * source, so {@code kvaudit report --run ID} reproduces report.pdf byte for byte (and manifest.json with it):
 * CreationDate and ModDate are the run's end (UTC), and the trailer's /ID is the first 16 bytes of the content
 * digest, set through OpenPDF's one hook for it (a /FileId entry in the document information dictionary).
 */
final class PdfIdentity implements PDFCreationListener {

    private final Instant date;
    private final byte[] id;

    PdfIdentity(RunRecord run, byte[] contentDigest) {
        Instant end = run.finishedAt() != null ? run.finishedAt() : run.startedAt();
        this.date = end != null ? end : Instant.EPOCH;
        this.id = Arrays.copyOf(contentDigest, 16);
    }

    @Override
    public void preOpen(ITextRenderer renderer) {}

    @Override
    public void preWrite(ITextRenderer renderer, int pageCount) {}

    /** Last moment before OpenPDF writes the information dictionary and the trailer. */
    @Override
    public void onClose(ITextRenderer renderer) {
        PdfDictionary info = renderer.getWriter().getInfo();
        Calendar utc = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
        utc.setTimeInMillis(date.toEpochMilli());
        info.put(PdfName.CREATIONDATE, new PdfDate(utc));
        info.put(PdfName.MODDATE, new PdfDate(utc));
        info.put(PdfName.FILEID, PdfEncryption.createInfoId(id, id));
    }
}
