package dev.roundhouse.log;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.text.MessageFormat;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One logfmt line per event: {@code ts=… level=… logger=… msg="…"}, then the event's fields, then
 * {@code error=} and {@code stack=} when an exception came with it. Fields are the log call's parameters taken
 * as name, value pairs ({@code LOG.log(Level.INFO, "sink resumes", "partition", 3, "offset", 0)}); a message
 * with MessageFormat placeholders ({@code {0}}) is formatted as before instead.
 */
final class LogfmtFormatter extends Formatter {
    private static final String OURS = "dev.roundhouse.";

    @Override
    public String format(LogRecord record) {
        var line = new StringBuilder(160);
        field(line, "ts", Instant.ofEpochMilli(record.getMillis()).toString());
        field(line, "level", level(record.getLevel()));
        field(line, "logger", loggerName(record.getLoggerName()));
        Object[] params = record.getParameters();
        boolean fields = isFieldList(record.getMessage(), params);
        field(line, "msg", fields ? record.getMessage() : formatMessage(record));
        for (int i = 0; fields && i < params.length; i += 2) field(line, (String) params[i], String.valueOf(params[i + 1]));
        Throwable thrown = record.getThrown();
        if (thrown != null) {
            field(line, "error", thrown.toString());
            field(line, "stack", stackTrace(thrown));
        }
        return line.append('\n').toString();
    }

    /** Parameters are fields when they come in pairs whose first halves are lower-case names. */
    private static boolean isFieldList(String message, Object[] params) {
        if (params == null || params.length == 0 || params.length % 2 != 0) return false;
        if (message != null && message.contains("{0")) return false;
        for (int i = 0; i < params.length; i += 2) {
            if (!(params[i] instanceof String name) || !name.matches("[a-z][a-z0-9_]*")) return false;
        }
        return true;
    }

    private static String level(Level level) {
        int v = level.intValue();
        if (v >= Level.SEVERE.intValue()) return "error";
        if (v >= Level.WARNING.intValue()) return "warn";
        if (v >= Level.INFO.intValue()) return "info";
        return v >= Level.FINE.intValue() ? "debug" : "trace";
    }

    private static String loggerName(String name) {
        if (name == null) return "";
        return name.startsWith(OURS) ? name.substring(OURS.length()) : name;
    }

    private static String stackTrace(Throwable t) {
        var out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString().strip();
    }

    private static void field(StringBuilder line, String name, String value) {
        if (!line.isEmpty()) line.append(' ');
        line.append(name).append('=');
        if (!value.isEmpty() && value.chars().allMatch(LogfmtFormatter::isBare)) {
            line.append(value);
            return;
        }
        line.append('"');
        for (int i = 0; i < value.length(); i++) escape(line, value.charAt(i));
        line.append('"');
    }

    private static boolean isBare(int c) {
        return c > ' ' && c != '"' && c != '=' && c != '\\' && c != 0x7F;
    }

    private static void escape(StringBuilder line, char c) {
        switch (c) {
            case '"' -> line.append("\\\"");
            case '\\' -> line.append("\\\\");
            case '\n' -> line.append("\\n");
            case '\r' -> line.append("\\r");
            case '\t' -> line.append("\\t");
            default -> {
                if (c < ' ' || c == 0x7F) line.append(String.format("\\u%04x", (int) c));
                else line.append(c);
            }
        }
    }

    /** The record's message with its {0}-style parameters filled in, as java.util.logging's own formatters do. */
    @Override
    public String formatMessage(LogRecord record) {
        String message = record.getMessage();
        Object[] params = record.getParameters();
        if (message == null) return "";
        return params == null || params.length == 0 ? message : MessageFormat.format(message, params);
    }
}
