/** Production runs (work orders): each unit belongs to one; started and ended from the line. */
package org.unitrace.core.run;
