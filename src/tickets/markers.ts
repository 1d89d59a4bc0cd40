// Hidden markers repodesk writes into issues, shared by every module that must recognise them.

/** Matches the hidden ticket marker put in the body of every issue repodesk creates. */
export const ticketMarkerPattern = /<!--\s*repodesk:ticket\s/;
