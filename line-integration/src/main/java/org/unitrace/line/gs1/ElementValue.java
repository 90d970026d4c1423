package org.unitrace.line.gs1;

/** One AI and its value as read from a label, with the dictionary's title ("BATCH/LOT"). */
public record ElementValue(String ai, String title, String value) {}
