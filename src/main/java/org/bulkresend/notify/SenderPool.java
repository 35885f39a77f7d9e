package org.bulkresend.notify;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bulkresend.address.EmailAddresses;

/**
 * The senders an admin names: {@code --from} with one address or several separated by commas, or
 * {@code --sender-pool FILE} with one a line and, after it, the line's own {@code rate=} and
 * {@code daily-limit=}. Every mistake names the place to fix: the address, or the file and line.
 */
public final class SenderPool {

    /** A setting at the end of a pool file's line: {@code rate=30/min} or {@code daily-limit=10000}. */
    private static final Pattern SETTING = Pattern.compile("\\s+(rate|daily-limit)=(\\S*)\\s*$");

    private SenderPool() {
    }

    /**
     * The senders of {@code --from}: one, or several separated by commas. A comma inside a quoted
     * display name ({@code "IT, Contoso" <it@contoso.com>}) is part of the name.
     */
    public static List<Sender> fromOption(String text) {
        List<Sender> senders = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        List<String> parts = split(text);
        for (String part : parts) {
            String given = part.strip();
            if (given.isEmpty()) {
                throw new MailSettingsException("--from '" + oneLine(text) + "' has an empty address between "
                        + "commas: give the sending addresses separated by single commas (for example --from "
                        + "it1@contoso.com,it2@contoso.com).");
            }
            EmailAddresses.mailboxProblem(given).ifPresent((problem) -> {
                throw new MailSettingsException("--from '" + oneLine(given) + "' is not an email address (" + problem
                        + "): give one such as it-helpdesk@contoso.com or \"Contoso IT <it-helpdesk@contoso.com>\""
                        + ((parts.size() > 1) ? ", or several separated by commas." : "."));
            });
            Sender sender = Sender.of(given);
            if (seen.putIfAbsent(sender.mailbox(), senders.size()) != null) {
                throw new MailSettingsException("--from names " + sender.address() + " twice: give each sending "
                        + "mailbox once.");
            }
            senders.add(sender);
        }
        return List.copyOf(senders);
    }

    /**
     * The senders of a pool file: UTF-8, one address a line, optionally followed by
     * {@code rate=N/min} and {@code daily-limit=N}; blank lines and lines starting with {@code #}
     * are skipped.
     */
    public static List<Sender> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        catch (NoSuchFileException ex) {
            throw new MailSettingsException("--sender-pool " + file + " does not exist: give the file that lists the "
                    + "sending mailboxes, one a line.");
        }
        catch (MalformedInputException ex) {
            throw new MailSettingsException("--sender-pool " + file + " is not UTF-8 text: save it as UTF-8.");
        }
        catch (IOException ex) {
            throw new MailSettingsException("--sender-pool " + file + " cannot be read (" + ex.getMessage() + ").");
        }
        List<Sender> senders = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int index = 0; index < lines.size(); index++) {
            int number = index + 1;
            String line = lines.get(index).strip();
            if (index == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1).strip();
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Sender sender = line(file, number, line);
            Integer earlier = seen.putIfAbsent(sender.mailbox(), number);
            if (earlier != null) {
                throw new MailSettingsException(where(file, number) + sender.address() + " is already on line "
                        + earlier + ": give each sending mailbox once.");
            }
            senders.add(sender);
        }
        if (senders.isEmpty()) {
            throw new MailSettingsException("--sender-pool " + file + " names no sender: write one sending mailbox "
                    + "a line, for example it1@contoso.com rate=30/min daily-limit=10000.");
        }
        return List.copyOf(senders);
    }

    private static Sender line(Path file, int number, String line) {
        SendRate rate = null;
        Integer dailyLimit = null;
        String rest = line;
        Matcher matcher = SETTING.matcher(rest);
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = matcher.group(2);
            if (name.equals("rate")) {
                if (rate != null) {
                    throw new MailSettingsException(where(file, number) + "rate= is given twice.");
                }
                try {
                    rate = SendRate.parse(value);
                }
                catch (IllegalArgumentException ex) {
                    throw new MailSettingsException(where(file, number) + "rate=" + oneLine(value) + ": "
                            + ex.getMessage() + ".");
                }
            }
            else {
                if (dailyLimit != null) {
                    throw new MailSettingsException(where(file, number) + "daily-limit= is given twice.");
                }
                if (!value.matches("\\d{1,9}") || Integer.parseInt(value) < 1) {
                    throw new MailSettingsException(where(file, number) + "daily-limit=" + oneLine(value)
                            + " is not a number of messages: write it as daily-limit=10000.");
                }
                dailyLimit = Integer.parseInt(value);
            }
            rest = rest.substring(0, matcher.start());
            matcher = SETTING.matcher(rest);
        }
        String address = rest.strip();
        if (address.isEmpty() || address.matches("(?i)(rate|daily-limit)=.*")) {
            throw new MailSettingsException(where(file, number) + "the line has no address: write the sending "
                    + "address first, then rate=N/min and daily-limit=N.");
        }
        String[] words = address.split("\\s+");
        String last = words[words.length - 1];
        if (words.length > 1 && last.contains("=") && !last.contains("@")) {
            throw new MailSettingsException(where(file, number) + "'" + oneLine(last) + "' is not a setting a "
                    + "sender takes: write rate=N/min and daily-limit=N after the address.");
        }
        EmailAddresses.mailboxProblem(address).ifPresent((problem) -> {
            throw new MailSettingsException(where(file, number) + "'" + oneLine(address) + "' is not an email "
                    + "address (" + problem + "): write one sending mailbox a line, such as it1@contoso.com or "
                    + "\"Contoso IT <it1@contoso.com>\", then rate=N/min and daily-limit=N if it has its own.");
        });
        return new Sender(address, rate, (dailyLimit != null) ? dailyLimit : 0);
    }

    /** Splits at commas outside quotes and angle brackets. */
    private static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        int angle = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && quoted && i + 1 < text.length()) {
                part.append(c).append(text.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            else if (!quoted && c == '<') {
                angle++;
            }
            else if (!quoted && c == '>' && angle > 0) {
                angle--;
            }
            if (c == ',' && !quoted && angle == 0) {
                parts.add(part.toString());
                part.setLength(0);
            }
            else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        return parts;
    }

    private static String where(Path file, int line) {
        return "--sender-pool " + file + " line " + line + ": ";
    }

    static String oneLine(String text) {
        String line = text.replaceAll("\\p{Cntrl}", "?");
        return (line.length() > 80) ? line.substring(0, 80) + "..." : line;
    }
}
