// The form of an exercise id and a choice id: lower-case letters, digits and '-'.
export const ID = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
