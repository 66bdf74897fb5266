from .certificates import Certificate, CertificateReissue, CertificateRun, CertificateRunItem
from .decisions import AwardList, BestOrganizationAward, ListEntry
from .objections import Objection, Revocation

__all__ = [
    "AwardList",
    "BestOrganizationAward",
    "Certificate",
    "CertificateReissue",
    "CertificateRun",
    "CertificateRunItem",
    "ListEntry",
    "Objection",
    "Revocation",
]
