package io.kvaudit.source.azure;

/** How a call that got no answer is named: a timeout or a connection failure, in the words of its root cause. */
final class Failures {

    private Failures() {}

    static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause())
            if (t instanceof java.util.concurrent.TimeoutException || t instanceof java.net.http.HttpTimeoutException
                    || t instanceof java.net.SocketTimeoutException) return true;
        return false;
    }

    /** "ConnectException: Connection refused": the innermost cause's type and message. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    static String firstLine(String s) {
        if (s == null) return null;
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
