"""The end of a shift: which shift it is, logging signs and notes, drafts kept on this PC."""
