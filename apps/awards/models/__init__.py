from .certificates import Certificate, CertificateRun, CertificateRunItem
from .decisions import AwardList, BestOrganizationAward, ListEntry
from .objections import Objection, Revocation

__all__ = [
    "AwardList",
    "BestOrganizationAward",
    "Certificate",
    "CertificateRun",
    "CertificateRunItem",
    "ListEntry",
    "Objection",
    "Revocation",
]
