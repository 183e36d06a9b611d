"""知产 zhichan — China's patent transfer-and-utilisation system as software."""

__version__ = "0.1.0"
