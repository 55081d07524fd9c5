/** How long a download link stays valid (and never longer than the signer's credentials). */
export const DOWNLOAD_URL_TTL_SECONDS = 60 * 60;
