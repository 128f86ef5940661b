package dev.orchestrator.proxy.nftables.internal;

import java.util.Collection;

/**
 * Builds the text of one {@code nft -f} transaction on the proxy's table, one command a line and
 * one set element a line, so that nft's error messages (which quote the line) stay readable.
 */
final class NftScript {

    private final String table;
    private final StringBuilder text = new StringBuilder(4096);
    private int commands;

    NftScript(String qualifiedTable) {
        this.table = qualifiedTable;
    }

    NftScript command(String command) {
        text.append(command).append('\n');
        commands++;
        return this;
    }

    NftScript addTable() {
        return command("add table " + table);
    }

    NftScript deleteTable() {
        return command("delete table " + table);
    }

    NftScript addChain(String chain) {
        return command("add chain " + table + " " + chain);
    }

    /** A base chain: {@code spec} is {@code type ... hook ... priority ...; policy accept;}. */
    NftScript addChain(String chain, String spec) {
        return command("add chain " + table + " " + chain + " { " + spec + " }");
    }

    NftScript flushChain(String chain) {
        return command("flush chain " + table + " " + chain);
    }

    NftScript deleteChain(String chain) {
        return command("delete chain " + table + " " + chain);
    }

    NftScript addRule(String chain, String rule) {
        return command("add rule " + table + " " + chain + " " + rule);
    }

    /** A set or map; {@code spec} is {@code type ...; flags ...;}. */
    NftScript addSet(String kind, String name, String spec) {
        return command("add " + kind + " " + table + " " + name + " { " + spec + " }");
    }

    NftScript deleteSet(String kind, String name) {
        return command("delete " + kind + " " + table + " " + name);
    }

    NftScript flushSet(String kind, String name) {
        return command("flush " + kind + " " + table + " " + name);
    }

    NftScript addElements(String set, Collection<String> elements) {
        return elements(set, "add", elements);
    }

    NftScript deleteElements(String set, Collection<String> elements) {
        return elements(set, "delete", elements);
    }

    private NftScript elements(String set, String verb, Collection<String> elements) {
        if (elements.isEmpty()) {
            return this;
        }
        text.append(verb).append(" element ").append(table).append(' ').append(set).append(" {\n");
        int i = 0;
        for (String element : elements) {
            text.append("  ").append(element).append(++i < elements.size() ? ",\n" : "\n");
        }
        text.append("}\n");
        commands++;
        return this;
    }

    /**
     * Adds the elements that {@code writer} appends (each line {@code "  element,\n"}, the comma
     * optional after the last), as one command; nothing when it appends nothing. Lets the full
     * script stream 30,000 elements without building a string for each.
     */
    NftScript addElements(String set, java.util.function.Consumer<StringBuilder> writer) {
        int start = text.length();
        text.append("add element ").append(table).append(' ').append(set).append(" {\n");
        int head = text.length();
        writer.accept(text);
        if (text.length() == head) {
            text.setLength(start);
            return this;
        }
        if (text.charAt(text.length() - 2) == ',') {
            text.setLength(text.length() - 2);
            text.append('\n');
        }
        text.append("}\n");
        commands++;
        return this;
    }

    boolean isEmpty() {
        return commands == 0;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
