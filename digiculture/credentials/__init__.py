"""Micro-credentials: Open Badges 3.0 credentials, signed, for learners who met the criteria.

- `keys`: the issuer's Ed25519 key, made once and kept in the settings' key folder; its
  public half is the issuer's id (`did:key:...`).
- `contexts`: the JSON-LD contexts, bundled in `data/`, served offline (nothing is fetched).
- `criteria`: who earned a credential, from the course's gradebook and the thresholds.
- `build`: the credential (a W3C Verifiable Credential of type OpenBadgeCredential) with the
  EU micro-credential elements of Council Recommendation 2022/C 243/02.
- `proof`: the Data Integrity proof (`eddsa-rdfc-2022`): RDF canonicalization, Ed25519.
- `verify`: schema (the 1EdTech JSON Schema, bundled), signature, issuer key, dates.
- `certificate`: the printable PDF certificate in the learner's language.
- `issue`: all of it for a course folder.
"""
